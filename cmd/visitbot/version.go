package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
)

// buildInfo is what "visitbot version" prints and visitbot_build_info
// reports.
type buildInfo struct {
	Version   string // the module version ("v1.2.3"), or "(devel)" for a build from a checkout
	Commit    string // vcs.revision, with "-dirty" when the tree was modified; "unknown" without VCS data
	Time      string // vcs.time, or ""
	GoVersion string
	Schema    int // knowledge.SchemaVersion: the stored format
	Analysis  int // analysis.Version: how text is normalised and segmented
}

// readBuildInfo reads the binary's build information
// (runtime/debug.ReadBuildInfo), which "go build" stamps into it.
func readBuildInfo() buildInfo {
	bi := buildInfo{Version: "(devel)", Commit: "unknown", Schema: knowledge.SchemaVersion, Analysis: analysis.Version}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	bi.GoVersion = info.GoVersion
	if v := info.Main.Version; v != "" {
		bi.Version = v
	}
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Commit = s.Value
		case "vcs.time":
			bi.Time = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && bi.Commit != "unknown" {
		bi.Commit += "-dirty"
	}
	return bi
}

func (bi buildInfo) write(w io.Writer) {
	fmt.Fprintf(w, "visitbot %s\ncommit %s", bi.Version, bi.Commit)
	if bi.Time != "" {
		fmt.Fprintf(w, " (%s)", bi.Time)
	}
	fmt.Fprintf(w, "\nknowledge base schema %d, analysis %d\n", bi.Schema, bi.Analysis)
	if bi.GoVersion != "" {
		fmt.Fprintf(w, "built with %s\n", bi.GoVersion)
	}
}
