package knowledge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A store has at most one writer, and any number of readers beside it.
//
// Readers (ask, chat, eval) open the bbolt file read-only, with bbolt's
// shared lock. The writer's lock is a sidecar file, PATH.lock, locked
// with flock and holding one line that names its holder ("visitbot serve
// (pid 123)"), for the messages of those who find it taken. A writer that
// keeps the file open (serve) also holds bbolt's exclusive lock on it; a
// writer that replaces it (index) writes a new file in the same folder and
// renames it over the old one, so readers are never blocked by a build.

// ErrLocked is returned when another process holds the database in a way
// that excludes this open; the error's text names the holder.
var ErrLocked = errors.New("the database is in use by another process")

// lockedError is ErrLocked with who holds the file and what to do.
type lockedError struct {
	path, holder, hint string
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("%s is in use by %s: %s", e.path, e.holder, e.hint)
}

func (e *lockedError) Is(target error) bool { return target == ErrLocked }

// lockPath is the sidecar file of the writer's lock.
func lockPath(path string) string { return path + ".lock" }

// leftoverPrefix starts the names of the temporary files and folders that
// builds make beside the store at path; a writer removes those it finds
// when it takes the lock (a build that was killed left them).
func leftoverPrefix(path string) string { return "." + filepath.Base(path) + ".build-" }

// CreateTemp creates a new empty temporary file for a build beside the
// store at path (in the same folder, so it can be renamed over it), and
// returns its name. If the build dies, the next writer removes the file.
func CreateTemp(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), leftoverPrefix(path)+"*")
	if err != nil {
		return "", fmt.Errorf("temporary file beside %s: %w", path, err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("temporary file beside %s: %w", path, err)
	}
	return name, nil
}

// LockOptions say who takes the writer's lock and how long they wait.
type LockOptions struct {
	// Holder names the process in the messages of others who find the
	// lock taken: "visitbot index (pid 123)".
	Holder string
	// Wait is how long to retry while another process holds the lock;
	// there is no waiting for a holder that keeps it (Keep).
	Wait time.Duration
	// Keep says the lock is kept for the life of the process (a serving
	// bot), so that others do not wait for it.
	Keep bool
}

// keepMark is the second line of the sidecar of a lock kept for life.
const keepMark = "keeps the lock while it runs"

// WriteLock is the writer's lock of a store. Holding it, a process may
// write the store's file or replace it (Replace).
type WriteLock struct {
	path string
	f    *os.File
}

// LockForWrite takes the writer's lock of the store at path. If another
// process holds it, it retries until opt.Wait has passed or ctx is done
// (not at all if the holder keeps the lock), then fails with ErrLocked
// naming that holder. Taking the lock removes what killed builds left
// beside the store.
func LockForWrite(ctx context.Context, path string, opt LockOptions) (*WriteLock, error) {
	f, err := os.OpenFile(lockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s for writing: %w", path, err)
	}
	deadline := time.Now().Add(opt.Wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s for writing: %w", path, err)
		}
		if ok {
			break
		}
		holder, keeps := readHolder(path)
		if keeps || time.Now().After(deadline) {
			f.Close()
			hint := "it is writing the file; try again when it is done"
			if keeps {
				hint = "it keeps the file while it runs; rebuild its knowledge base with /reload or SIGHUP, or stop it first"
			}
			return nil, &lockedError{path, holder, hint}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	record := opt.Holder + "\n"
	if opt.Keep {
		record += keepMark + "\n"
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(record), 0)
	}
	removeLeftovers(path)
	return &WriteLock{path: path, f: f}, nil
}

// Path is the store the lock is of.
func (l *WriteLock) Path() string { return l.path }

// Unlock releases the lock.
func (l *WriteLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := l.f.Close() // closing drops the flock
	l.f = nil
	return err
}

// Holder says who holds the writer's lock of the store at path, as its
// holder wrote it, or in general words when it cannot be read.
func Holder(path string) string {
	h, _ := readHolder(path)
	return h
}

// readHolder reads the sidecar: who holds the lock and whether it keeps it.
func readHolder(path string) (holder string, keeps bool) {
	data, err := os.ReadFile(lockPath(path))
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if err != nil || lines[0] == "" || len(data) > 400 {
		return "another visitbot process (serve, or index while it builds)", false
	}
	return lines[0], len(lines) > 1 && lines[1] == keepMark
}

// removeLeftovers removes the temporary files and folders of builds
// beside the store at path. Only the holder of the writer's lock calls it,
// and only it makes them.
func removeLeftovers(path string) {
	ms, _ := filepath.Glob(filepath.Join(filepath.Dir(path), globEscape(leftoverPrefix(path))+"*"))
	for _, m := range ms {
		os.RemoveAll(m)
	}
}

// globEscape escapes the characters filepath.Match treats specially.
func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}
