package emulator_test

import (
	"context"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/emulatortest"
)

// TestNodeClientFlow runs testdata/clients/node (the official plaid-node
// client under node --test) against a listening emulator. Without node or
// the installed package it is skipped locally and fails under CI=true.
func TestNodeClientFlow(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "testdata", "clients", "node"))
	unavailable := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("plaid-node check cannot run: %s", why)
		}
		t.Skipf("plaid-node check skipped: %s (run npm ci in %s)", why, dir)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "plaid", "package.json")); err != nil {
		unavailable("the plaid package is not installed")
	}
	srv := emulatortest.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "flow.test.mjs")
	cmd.Dir = dir
	// node talks to the emulator through a proxy that checks every exchange against the spec.
	target, _ := url.Parse(srv.URL)
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(target) },
		Transport: newSpecTransport(t),
	})
	t.Cleanup(proxy.Close)
	cmd.Env = append(os.Environ(), "PLAID_EMULATOR_URL="+proxy.URL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("plaid-node flow failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
