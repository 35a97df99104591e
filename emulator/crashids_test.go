package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// After a crash the state file can lag what was answered. Restarting from
// such a file must not hand out again any id answered after it was written:
// here a copy of the file stands for the one a kill -9 leaves.
func TestNoIDRepeatsAfterACrash(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	withState := func(file string) envOption {
		return func(o *emulator.Options) { o.StateFile = file }
	}
	hook := hookReceiver(t)
	a := newEnv(t, withSeed(9), withState(path))
	first := a.link("ins_109508", []string{"auth"}, map[string]any{"webhook": hook})
	deadline := time.Now().Add(10 * time.Second)
	for { // the saver writes within ~100 ms of a change
		if b, _ := os.ReadFile(path); strings.Contains(string(b), first.itemID) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the state file never held the first Item")
		}
		time.Sleep(10 * time.Millisecond)
	}
	crashed := filepath.Join(dir, "crashed.json")
	if b, err := os.ReadFile(path); err != nil || os.WriteFile(crashed, b, 0o600) != nil {
		t.Fatalf("copy the state: %v", err)
	}
	answered, _ := idRun(t, a, hook) // answered after the file the crash leaves

	b := newEnv(t, withSeed(9), withState(crashed))
	after, _ := idRun(t, b, hook)
	if shared := sharedIDs(answered, after); len(shared) > 0 {
		t.Fatalf("ids handed out again after the crash: %v", shared)
	}
}
