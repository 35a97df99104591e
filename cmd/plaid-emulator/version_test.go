package main

import (
	"runtime/debug"
	"testing"
)

// TestVersionResolution: a release build's -X version wins; a binary from
// `go install …@v1.2.3` names its module version; a source build says
// devel with the commit and a dirty mark.
func TestVersionResolution(t *testing.T) {
	info := func(v string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Version: v}, Settings: settings}, true
		}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef0123"}
	for _, c := range []struct {
		set  string
		info func() (*debug.BuildInfo, bool)
		want string
	}{
		{"v0.2.0", info("v0.1.0"), "v0.2.0"},
		{"", info("v1.2.3"), "v1.2.3"},
		{"dev", info("(devel)", rev), "devel 0123456789ab"},
		{"", info("(devel)", rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "devel 0123456789ab-dirty"},
		{"", info("(devel)"), "devel"},
		{"", func() (*debug.BuildInfo, bool) { return nil, false }, "devel"},
	} {
		if got := resolveVersion(c.set, c.info); got != c.want {
			t.Errorf("resolveVersion(%q) = %q, want %q", c.set, got, c.want)
		}
	}
}
