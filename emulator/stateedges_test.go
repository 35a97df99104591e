package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// --state in a directory that does not exist is a startup error naming it.
func TestStateInMissingDirectoryIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope", "state.db")
	_, err := emulator.New(emulator.Options{StateFile: path})
	if err == nil || !strings.Contains(err.Error(), filepath.Dir(path)) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Fatalf("the directory was made: %v", err)
	}
}

// A stopped emulator leaves only its database beside it: no log or
// shared-memory file, no temporary file.
func TestStateLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	e := newEnv(t, func(o *emulator.Options) { o.StateFile = path })
	e.link("ins_109508", []string{"transactions"}, nil)
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "state.db" {
		t.Fatalf("files beside the state: %v, want only state.db", names)
	}
}
