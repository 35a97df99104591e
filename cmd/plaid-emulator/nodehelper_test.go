package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// TestNodeHelper runs the Node helper's own tests (clients/node, with
// plaid-node 47) against the built binary.
func TestNodeHelper(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "..", "clients", "node"))
	node, err := exec.LookPath("node")
	if err != nil || fileMissing(filepath.Join(dir, "node_modules", "plaid", "package.json")) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Node helper's tests cannot run: node and npm ci in clients/node are needed")
		}
		testnote.Skip(t, "the Node helper's tests: node and npm ci in clients/node are needed")
	}
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PLAID_EMULATOR_BINARY="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Node helper's tests failed: %v\n%s", err, out)
	}
}

func fileMissing(p string) bool {
	_, err := os.Stat(p)
	return err != nil
}
