package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// TestNodeHelper runs the Node helper's own tests (clients/node, with
// plaid-node 47) against the built binary, then the Jest and Vitest
// set-ups docs/clients.md shows (clients/node/examples): one emulator per
// run, a snapshot restored by each test file.
func TestNodeHelper(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "..", "clients", "node"))
	node, err := exec.LookPath("node")
	var missing []string
	for _, d := range []string{".", "examples/jest", "examples/vitest"} {
		if fileMissing(filepath.Join(dir, d, "node_modules", "plaid", "package.json")) {
			missing = append(missing, filepath.Join("clients/node", d))
		}
	}
	if err != nil || len(missing) > 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Node helper's tests cannot run: node and npm ci in %s are needed", strings.Join(missing, ", "))
		}
		testnote.Skip(t, "the Node helper's tests: node and npm ci in clients/node and its examples are needed")
	}
	bin := buildBinary(t)
	for _, run := range []struct {
		name, dir string
		args      []string
		env       []string
	}{
		{"helper", ".", []string{node, "--test", "test/helper.test.mjs"}, nil},
		{"jest", "examples/jest", []string{node, "node_modules/jest/bin/jest.js"}, []string{"NODE_OPTIONS=--experimental-vm-modules"}},
		{"vitest", "examples/vitest", []string{node, "node_modules/vitest/vitest.mjs", "run"}, nil},
	} {
		t.Run(run.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, run.args[0], run.args[1:]...)
			cmd.Dir = filepath.Join(dir, run.dir)
			cmd.Env = append(append(os.Environ(), "PLAID_EMULATOR_BINARY="+bin), run.env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s failed: %v\n%s", run.name, err, out)
			}
			if !strings.Contains(string(out), "3 passed") && run.name != "helper" {
				t.Fatalf("%s: want its 3 tests passed:\n%s", run.name, out)
			}
		})
	}
}

func fileMissing(p string) bool {
	_, err := os.Stat(p)
	return err != nil
}
