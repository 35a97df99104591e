package emulator_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// Restarting from a state older than what was answered (a database copied
// back, a disk restored) must not hand out again any id answered after it:
// here a copy of the database taken mid-run stands for it.
func TestNoIDRepeatsAfterACrash(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	withState := func(file string) envOption {
		return func(o *emulator.Options) { o.StateFile = file }
	}
	hook := hookReceiver(t)
	a := newEnv(t, withSeed(9), withState(path))
	first := a.link("ins_109508", []string{"auth"}, map[string]any{"webhook": hook})
	// Committed before it was answered: the files hold it now. The log
	// goes first, so a checkpoint between the two copies loses nothing.
	crashed := filepath.Join(dir, "crashed.db")
	for _, suffix := range []string{"-wal", ""} {
		b, err := os.ReadFile(path + suffix)
		if err != nil || os.WriteFile(crashed+suffix, b, 0o600) != nil {
			t.Fatalf("copy the state: %v", err)
		}
	}
	answered, _ := idRun(t, a, hook) // answered after the copy

	b := newEnv(t, withSeed(9), withState(crashed))
	if got := b.call("/item/get", map[string]any{"access_token": first.accessToken}).ok(t); obj(got["item"])["item_id"] != first.itemID {
		t.Fatalf("the copy lost the first Item: %v", got["item"])
	}
	after, _ := idRun(t, b, hook)
	if shared := sharedIDs(answered, after); len(shared) > 0 {
		t.Fatalf("ids handed out again after the crash: %v", shared)
	}
}
