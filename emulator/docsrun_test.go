package emulator_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/emulatortest"
)

// runShellBlock runs a page's sh block as a bash script against a fresh
// emulator with the binary's defaults (first-sync delay, scheduled
// updates). The docs' address, 127.0.0.1:7777 or localhost:7777, becomes
// the emulator's, and PLAID_EMULATOR_URL is set for the CLI; the script
// runs in the repository's root, so its paths are the reader's.
func runShellBlock(t *testing.T, bin *docsBinary, b docBlock) {
	needCurlTools(t, "the docs' shell examples")
	path := os.Getenv("PATH")
	if has(b, "binary") {
		path = bin.path(t) + string(os.PathListSeparator) + path
	}
	var want []string
	for _, line := range strings.Split(b.body, "\n") {
		if w, ok := strings.CutPrefix(strings.TrimSpace(line), "# → "); ok {
			if before, _, cut := strings.Cut(w, "   "); cut { // a comment after the output
				w = before
			}
			want = append(want, strings.TrimSuffix(strings.TrimSpace(w), "…"))
		}
	}
	srv := emulatortest.NewServer(t, emulatortest.WithOptions(func(o *emulator.Options) {
		o.TransactionsReadyAfter, o.ScheduledUpdates = time.Second, true
	}))
	host := strings.TrimPrefix(srv.URL, "http://")
	body := strings.NewReplacer("http://127.0.0.1:7777", srv.URL, "http://localhost:7777", srv.URL,
		"127.0.0.1:7777", host, "localhost:7777", host).Replace(b.body)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", body)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "PLAID_EMULATOR_URL="+srv.URL, "PATH="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a timeout kills what the script started too
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the example failed: %v\n--- script\n%s--- output\n%s", err, b.body, out)
	}
	got := strings.Split(string(out), "\n")
	next := 0
	for _, w := range want {
		found := false
		for next < len(got) {
			line := strings.TrimSpace(got[next])
			next++
			if strings.HasPrefix(line, w) {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("the page shows %q, which the example did not print (in order); it printed:\n%s", w, out)
		}
	}
}

// docsBinary builds the plaid-emulator binary once, into dir, for the
// CLI's examples.
type docsBinary struct {
	once sync.Once
	dir  string
	err  error
	out  []byte
}

func (b *docsBinary) path(t *testing.T) string {
	b.once.Do(func() {
		b.out, b.err = exec.Command("go", "build", "-o", filepath.Join(b.dir, "plaid-emulator"), "../cmd/plaid-emulator").CombinedOutput()
	})
	if b.err != nil {
		t.Fatalf("building the binary: %v\n%s", b.err, b.out)
	}
	return b.dir
}
