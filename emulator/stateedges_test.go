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
	path := filepath.Join(t.TempDir(), "nope", "state.json")
	_, err := emulator.New(emulator.Options{StateFile: path})
	if err == nil || !strings.Contains(err.Error(), filepath.Dir(path)) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Fatalf("the directory was made: %v", err)
	}
}

// A temporary file a killed write left behind is removed at start, and a
// running emulator leaves none beside its state file.
func TestStateLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	stale := path + ".tmp-12345"
	if err := os.WriteFile(stale, []byte(`{"half":`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.New(emulator.Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "state.json" {
		t.Fatalf("files beside the state: %v, want only state.json", names)
	}
}
