package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
)

// flagGroup is a set of flags that some commands share; each command's flag
// set holds only the groups that apply to it, so that its --help lists
// only those.
type flagGroup uint8

const (
	kbFlags       flagGroup = 1 << iota // --db, --sources, --aliases
	telegramFlags                       // --admins, --api-endpoint, --token-file
)

// flags returns a flag set with the logging flags and the given groups,
// defaults taken from the environment.
func (m *Main) flags(name, synopsis string, groups flagGroup) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	env := m.env
	m.Config.DB = env("VISITBOT_DB", "visitbot.db")
	if groups&kbFlags != 0 {
		m.kbFlags(fs)
	} else {
		fs.StringVar(&m.Config.DB, "db", m.Config.DB, "bbolt `file` of the knowledge base and the bot's state (VISITBOT_DB)")
	}
	if groups&telegramFlags != 0 {
		m.telegramFlags(fs)
	}
	fs.BoolVar(&m.Config.Verbose, "verbose", false, "log debug messages")
	fs.StringVar(&m.Config.LogFormat, "log-format", env("VISITBOT_LOG_FORMAT", "text"), "log `format` on stderr: text or json (VISITBOT_LOG_FORMAT)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: visitbot %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func (m *Main) kbFlags(fs *flag.FlagSet) {
	env := m.env
	fs.StringVar(&m.Config.DB, "db", m.Config.DB, "bbolt `file` of the knowledge base and the bot's state (VISITBOT_DB); built from the sources when missing")
	fs.Func("sources", "comma-separated source `files or folders` (VISITBOT_SOURCES); default: the embedded article", func(s string) error {
		m.Config.Sources = splitList(s)
		return nil
	})
	m.Config.Sources = splitList(env("VISITBOT_SOURCES", ""))
	fs.StringVar(&m.Config.Aliases, "aliases", env("VISITBOT_ALIASES", ""), "alias and synonym table `file` (VISITBOT_ALIASES); default: the embedded one")
}

func (m *Main) telegramFlags(fs *flag.FlagSet) {
	env := m.env
	fs.Func("admins", "comma-separated Telegram user `ids` of the bot's admins (VISITBOT_ADMINS)", func(s string) error {
		ids, err := parseAdmins(s)
		m.Config.Admins, m.adminsErr = ids, nil // the flag overrides the environment
		return err
	})
	m.Config.Admins = nil
	if ids, err := parseAdmins(env("VISITBOT_ADMINS", "")); err == nil {
		m.Config.Admins = ids
	} else {
		m.adminsErr = fmt.Errorf("VISITBOT_ADMINS: %w", err)
	}
	fs.StringVar(&m.Config.APIEndpoint, "api-endpoint", env("TELEGRAM_API_ENDPOINT", defaultAPIEndpoint), "the Bot API `endpoint`, in the form http://host:port/bot%s/%s (TELEGRAM_API_ENDPOINT); for a local Bot API server")
	fs.StringVar(&m.Config.TokenFile, "token-file", env("TELEGRAM_BOT_TOKEN_FILE", ""), "read the bot token from this `file` (TELEGRAM_BOT_TOKEN_FILE), for secrets mounted as files; default: TELEGRAM_BOT_TOKEN")
}

// env returns the environment variable k, or def when it is unset or empty.
func (m *Main) env(k, def string) string {
	if v := m.Getenv(k); v != "" {
		return v
	}
	return def
}

// parse parses args into fs, with flags anywhere among the arguments
// ("ask 问题 --json" is "ask --json 问题") until "--", after which
// everything is an argument. It then sets up the logger. The arguments
// are fs.Args() as usual.
func (m *Main) parse(fs *flag.FlagSet, args []string) error {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	// Hand the arguments back through fs.Args: "--" ends flags, so Parse
	// takes all of them as arguments.
	if err := fs.Parse(append([]string{"--"}, pos...)); err != nil {
		return errUsage
	}
	if m.Logger, err = newLogger(m.Stderr, m.Config.LogFormat, m.Config.Verbose); err != nil {
		fmt.Fprintf(m.Stderr, "visitbot %s: %v\n", fs.Name(), err)
		return errUsage
	}
	return nil
}

// parseInterspersed parses flags wherever they stand among args and
// returns the other arguments in order; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// Parse stops at the first argument, or after a "--" it drops.
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newLogger returns the program's logger on w in the given format.
func newLogger(w interface{ Write([]byte) (int, error) }, format string, verbose bool) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if verbose {
		opts.Level = slog.LevelDebug
	}
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

// readToken returns the bot token: from --token-file (TELEGRAM_BOT_TOKEN_FILE)
// when set, else TELEGRAM_BOT_TOKEN. The file's surrounding white space
// (a trailing newline) is ignored; the message never holds the token.
func (m *Main) readToken() (string, error) {
	if m.Config.TokenFile != "" {
		data, err := os.ReadFile(m.Config.TokenFile)
		if err != nil {
			return "", fmt.Errorf("token file: %w", err)
		}
		tok := strings.TrimSpace(string(data))
		if tok == "" {
			return "", fmt.Errorf("token file %s is empty: write the token @BotFather gave you into it", m.Config.TokenFile)
		}
		if strings.ContainsAny(tok, "\n\r") {
			return "", fmt.Errorf("token file %s has more than one line: it must hold the token only", m.Config.TokenFile)
		}
		return tok, nil
	}
	tok := strings.TrimSpace(m.Getenv("TELEGRAM_BOT_TOKEN"))
	if tok == "" {
		return "", errors.New("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token (or use --token-file)")
	}
	return tok, nil
}
