//go:build !unix

package knowledge

import "os"

// tryLock is a no-op where flock is missing: only one writer must be run
// at a time by hand.
func tryLock(f *os.File) (bool, error) { return true, nil }
