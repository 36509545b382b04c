package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/visitbot/visitbot/knowledge"
)

// runBackup copies the database consistently to OUT. With --from (or
// VISITBOT_METRICS_ADDR) it asks the serving process for the copy over its
// loopback admin listener, since serve holds the file's lock; otherwise it
// opens the file itself. The copy is written beside OUT, checked, and only
// then renamed to OUT.
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs := m.flags("backup", "backup [--db PATH | --from ADDR] OUT", 0)
	from := fs.String("from", "", "take the copy from a running serve at this `address` (its --metrics-addr); default: the file, or VISITBOT_METRICS_ADDR when serve holds the file")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	out := fs.Arg(0)
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	source := m.Config.DB
	if *from == "" {
		err = m.backupFile(tmp)
		if addr := m.Getenv("VISITBOT_METRICS_ADDR"); errors.Is(err, knowledge.ErrLocked) && addr != "" {
			*from = addr // serve holds the file: ask it
		}
	}
	if *from != "" {
		source = "http://" + *from + "/backup"
		err = backupFrom(ctx, source, tmp)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup from %s: %w", source, err)
	}
	rep, err := knowledge.Check(tmp.Name())
	if err != nil {
		return fmt.Errorf("backup from %s: the copy does not check: %w", source, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s (knowledge base version %d, %s stored)\n",
		source, out, rep.Current, count(len(rep.Versions), "version"))
	return nil
}

// backupFile copies the database file, which no other process may hold.
func (m *Main) backupFile(w io.Writer) error {
	if _, err := os.Stat(m.Config.DB); err != nil {
		return err
	}
	st, err := knowledge.Open(m.Config.DB)
	if errors.Is(err, knowledge.ErrLocked) {
		return fmt.Errorf("%w: while the bot serves, take the copy from it with --from ADDR (its --metrics-addr)", err)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.WriteTo(w)
	return err
}

// backupFrom streams a copy from a serving process's /backup.
func backupFrom(ctx context.Context, url string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		return fmt.Errorf("%s: %s", resp.Status, bytesTrim(msg))
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

func bytesTrim(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return string(b)
}

// runRestore puts a backup in place of the database: the copy is checked
// first (it must hold a knowledge base), the bot must not be running, and
// the file it replaces is kept as DB.before-restore.
func (m *Main) runRestore(ctx context.Context, args []string) error {
	fs := m.flags("restore", "restore [--db PATH] FILE", 0)
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	src, db := fs.Arg(0), m.Config.DB
	rep, err := knowledge.Check(src)
	if err != nil {
		return fmt.Errorf("restore: %s does not check, nothing changed: %w", src, err)
	}
	if rep.Current == 0 {
		return fmt.Errorf("restore: %s holds no knowledge base, nothing changed", src)
	}
	if _, err := knowledge.Check(db); errors.Is(err, knowledge.ErrLocked) {
		return fmt.Errorf("restore: %s: %w; stop it first, nothing changed", db, err)
	}
	tmp, err := copyBeside(src, db)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp)
	kept := ""
	if _, err := os.Stat(db); err == nil {
		kept = db + ".before-restore"
		if err := os.Rename(db, kept); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, db); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(db))
	fmt.Fprintf(m.Stdout, "restored %s from %s (knowledge base version %d)\n", db, src, rep.Current)
	if kept != "" {
		fmt.Fprintf(m.Stdout, "the file it replaced is %s\n", kept)
	}
	return nil
}

// copyBeside copies src to a new file in dst's folder, synced, and returns
// its name.
func copyBeside(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".restore-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// runCheck checks the database: bbolt's consistency check, then every
// stored knowledge base. It exits non-zero on damage.
func (m *Main) runCheck(ctx context.Context, args []string) error {
	fs := m.flags("check", "check [--db PATH]", 0)
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		m.Config.DB = fs.Arg(0)
	}
	start := time.Now()
	rep, err := knowledge.Check(m.Config.DB)
	if err != nil {
		return fmt.Errorf("check %s: %w", m.Config.DB, err)
	}
	fmt.Fprintf(m.Stdout, "%s: sound (%s, in use: version %d; checked in %s)\n", m.Config.DB,
		count(len(rep.Versions), "knowledge base version"), rep.Current, time.Since(start).Round(time.Millisecond))
	for _, in := range rep.Versions {
		fmt.Fprintf(m.Stdout, "  version %d: %s, %s, built %s\n", in.Version,
			count(in.Documents, "document"), count(in.Sentences, "sentence"), in.BuiltAt.Format(time.DateTime))
	}
	return nil
}
