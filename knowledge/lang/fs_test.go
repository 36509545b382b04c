package lang

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

var realFiles = files

// fakeFS stands in for the embedded files.
func fakeFS(t *testing.T, name, text string) fsys {
	t.Helper()
	return fstest.MapFS{name: {Data: []byte(text)}}
}

var _ fs.ReadDirFS = fstest.MapFS{}
