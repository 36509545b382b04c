package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/visitbot/visitbot/bot"
	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/botstate"
)

// readAliases reads the configured alias table ("" when none is: the
// embedded one is used).
func (m *Main) readAliases() (string, error) {
	if m.Config.Aliases == "" {
		return "", nil
	}
	data, err := os.ReadFile(m.Config.Aliases)
	if err != nil {
		return "", fmt.Errorf("aliases: %w", err)
	}
	if _, err := knowledge.ParseAliases(string(data)); err != nil {
		return "", fmt.Errorf("aliases %s: %w", m.Config.Aliases, err)
	}
	return string(data), nil
}

// adminAliasesHeader starts the admins' groups in an exported table.
const adminAliasesHeader = "\n# --- added by admins with /alias in Telegram ---\n"

// withAdminAliases adds to the configured table (or the embedded one) the
// groups admins added with /alias, kept in st's file.
func withAdminAliases(aliases string, st *knowledge.Store) (string, error) {
	added, err := bot.AdminAliases(botstate.New(st))
	if err != nil || strings.TrimSpace(added) == "" {
		return aliases, err
	}
	return strings.TrimRight(orDefault(aliases), "\n") + "\n" + adminAliasesHeader + added, nil
}

// runAliases prints the alias table the bot builds with: the configured
// table (--aliases, or the embedded one) and the groups admins added with
// /alias, kept in --db. The output is a table --aliases accepts.
func (m *Main) runAliases(ctx context.Context, args []string) error {
	fset := m.flags("aliases", "aliases [--db PATH] [--aliases FILE] > table.txt", kbFlags)
	if err := m.parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "visitbot aliases: unexpected argument %q\n", fset.Arg(0))
		return errUsage
	}
	table, err := m.readAliases()
	if err != nil {
		return err
	}
	table = orDefault(table)
	if _, err := os.Stat(m.Config.DB); err == nil {
		st, err := knowledge.Open(m.Config.DB)
		if err != nil {
			return fmt.Errorf("aliases: %w (a bot serving from this file holds it: /alias in Telegram lists the admins' groups)", err)
		}
		table, err = withAdminAliases(table, st)
		st.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("aliases: %w", err)
	}
	if _, err := knowledge.ParseAliases(table); err != nil {
		return fmt.Errorf("aliases: the table in use does not read back: %w", err)
	}
	_, err = fmt.Fprint(m.Stdout, table)
	return err
}
