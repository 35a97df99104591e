package emulator_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/emulatortest"
	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// TestNodeClientFlow runs testdata/clients/node (the official plaid-node
// client under node --test) against a listening emulator.
func TestNodeClientFlow(t *testing.T) {
	runNodeTests(t, "plaid-node flow", filepath.Join("clients", "node"), "flow.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientTransfer runs the Transfer journey of testdata/clients/node
// (plaid-node, and jose to verify each webhook's JWT).
func TestNodeClientTransfer(t *testing.T) {
	runNodeTests(t, "plaid-node Transfer journey", filepath.Join("clients", "node"), "transfer.test.mjs",
		filepath.Join("node_modules", "jose", "package.json"))
}

// TestNodeClientEnrich runs testdata/clients/node/enrich.test.mjs: Enrich
// read through plaid-node.
func TestNodeClientEnrich(t *testing.T) {
	runNodeTests(t, "plaid-node enrich", filepath.Join("clients", "node"), "enrich.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientGaps runs testdata/clients/node/gaps.test.mjs: the paths
// plaid-go v20 lacks (/item/products/terminate, /signal/schedule) through
// plaid-node.
func TestNodeClientGaps(t *testing.T) {
	runNodeTests(t, "plaid-node gaps", filepath.Join("clients", "node"), "gaps.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientIncome runs testdata/clients/node/income.test.mjs: Income
// for a user of the new user API through plaid-node 47 (user_id where
// plaid-go has only user_token).
func TestNodeClientIncome(t *testing.T) {
	runNodeTests(t, "plaid-node Income", filepath.Join("clients", "node"), "income.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientConsumerReport runs testdata/clients/node/cra.test.mjs:
// every Consumer Report path through plaid-node 47 (plaid-go v20 has none),
// for a new-API user and a legacy one.
func TestNodeClientConsumerReport(t *testing.T) {
	runNodeTests(t, "plaid-node Consumer Report", filepath.Join("clients", "node"), "cra.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientIdentityVerification runs testdata/clients/node/idv.test.mjs:
// every Identity Verification, Monitor and dashboard user method of
// plaid-node 47.
func TestNodeClientIdentityVerification(t *testing.T) {
	runNodeTests(t, "plaid-node Identity Verification and Monitor", filepath.Join("clients", "node"), "idv.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientBankTransfer runs testdata/clients/node/banktransfer.test.mjs:
// plaid-node's own Bank Transfer and /item/import checks, through plaid-node 47.
func TestNodeClientBankTransfer(t *testing.T) {
	runNodeTests(t, "plaid-node Bank Transfer", filepath.Join("clients", "node"), "banktransfer.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestNodeClientPatch runs testdata/clients/node/patch.test.mjs: a
// scenario's patch shapes answers that plaid-node reads.
func TestNodeClientPatch(t *testing.T) {
	runNodeTests(t, "plaid-node patch", filepath.Join("clients", "node"), "patch.test.mjs",
		filepath.Join("node_modules", "plaid", "package.json"))
}

// TestBrowserLink runs testdata/browser: the drop-in Link page and
// link-initialize.js in headless Chromium, driven by playwright-core.
func TestBrowserLink(t *testing.T) {
	runBrowserTests(t, "browser Link check", "link.test.mjs link-more.test.mjs",
		browserShots{env: "LINK_SCREENSHOTS", dir: "plaid-emulator-link-screenshots", names: linkScreenshots, ext: ".png", magic: "\x89PNG"})
}

// TestBrowserTransferUI runs testdata/browser/transferui.test.mjs: Transfer
// UI paid the way Plaid's Transfer quickstart pays, a new bank and a linked
// one (declined, retried, left), in Chromium.
func TestBrowserTransferUI(t *testing.T) {
	runBrowserTests(t, "browser Transfer UI check", "transferui.test.mjs",
		browserShots{env: "LINK_SCREENSHOTS", dir: "plaid-emulator-link-screenshots", names: []string{"link-transfer", "link-transfer-declined"}, ext: ".png", magic: "\x89PNG"})
}

// TestBrowserIncome runs testdata/browser/income.test.mjs: Plaid's Income
// sample's flow through plaid-node 47 and the Link page in Chromium (Bank
// Income, then payroll income and employment), and the new user API.
func TestBrowserIncome(t *testing.T) {
	runBrowserTests(t, "browser Income check", "income.test.mjs",
		browserShots{env: "LINK_SCREENSHOTS", dir: "plaid-emulator-link-screenshots", names: []string{"link-income-ssn", "link-income-documents"}, ext: ".png", magic: "\x89PNG"})
}

// TestBrowserConsumerReport runs testdata/browser/cra.test.mjs: Plaid's
// Quickstart in its Consumer Report mode through plaid-node 47 and the Link
// page in Chromium, for a new-API and a legacy user.
func TestBrowserConsumerReport(t *testing.T) {
	runBrowserTests(t, "browser Consumer Report check", "cra.test.mjs", browserShots{env: "LINK_SCREENSHOTS", dir: "plaid-emulator-link-screenshots", ext: ".png", magic: "\x89PNG"})
}

// TestBrowserIdentityVerification runs testdata/browser/idv.test.mjs:
// Plaid's IDV quickstart flow through plaid-node 47 and the emulator's
// Link in Chromium: Leslie Knope passing, Ben Wyatt's failed document, a
// Monitor hit in review.
func TestBrowserIdentityVerification(t *testing.T) {
	runBrowserTests(t, "browser Identity Verification check", "idv.test.mjs", browserShots{env: "LINK_SCREENSHOTS", dir: "plaid-emulator-link-screenshots", ext: ".png", magic: "\x89PNG"})
}

// TestBrowserMicrodeposits runs testdata/browser/microdeposits.test.mjs:
// automated micro-deposits from Link to verified on the clock, and
// same-day ones from typed numbers to the deposits entered, in Chromium.
func TestBrowserMicrodeposits(t *testing.T) {
	runBrowserTests(t, "browser micro-deposits check", "microdeposits.test.mjs",
		browserShots{env: "LINK_SCREENSHOTS", dir: "plaid-emulator-link-screenshots", names: []string{"link-numbers", "link-verify"}, ext: ".png", magic: "\x89PNG"})
}

// TestBrowserDashboard runs testdata/browser/dashboard.test.mjs against an
// emulator of its own (it moves the clock and switches scenarios on).
func TestBrowserDashboard(t *testing.T) {
	runBrowserTests(t, "browser dashboard check", "dashboard.test.mjs",
		browserShots{env: "DASHBOARD_SCREENSHOTS", dir: "plaid-emulator-dashboard-screenshots", names: dashboardScreenshots, ext: ".jpg", magic: "\xff\xd8"})
}

// TestBrowserPagesResistScript runs testdata/browser/security.test.mjs
// against an emulator with an admin token: script from data never runs on
// the emulator's pages, and the dashboard keeps the token out of
// localStorage.
func TestBrowserPagesResistScript(t *testing.T) {
	runBrowserTests(t, "browser security check", "security.test.mjs",
		browserShots{env: "SECURITY_SCREENSHOTS", dir: "plaid-emulator-security-screenshots", names: []string{"security-oauth"}, ext: ".png", magic: "\x89PNG"},
		"ADMIN_TOKEN="+browserAdminToken)
}

// browserAdminToken is the security check's --admin-token.
const browserAdminToken = "browser-admin-token-0123"

// browserShots are the screenshots a browser test must write: names with
// ext, each starting with magic, in $env or else a folder of dir in the
// temporary directory.
type browserShots struct {
	env, dir   string
	names      []string
	ext, magic string
}

// runBrowserTests runs scripts of testdata/browser in Debian's Chromium
// ($CHROMIUM) and checks that every screenshot of shots was written.
func runBrowserTests(t *testing.T, what, scripts string, shots browserShots, env ...string) {
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		toolUnavailable(t, what, "Chromium is not installed (apt-get install chromium, or set CHROMIUM)")
	}
	dir := filepath.Join(os.TempDir(), shots.dir)
	if d := os.Getenv(shots.env); d != "" {
		dir = d
	}
	runNodeTests(t, what, "browser", scripts,
		filepath.Join("node_modules", "playwright-core", "package.json"), append([]string{"CHROMIUM=" + chromium, "LINK_SCREENSHOTS=" + dir}, env...)...)
	for _, name := range shots.names {
		if b, err := os.ReadFile(filepath.Join(dir, name+shots.ext)); err != nil || !bytes.HasPrefix(b, []byte(shots.magic)) {
			t.Errorf("no screenshot %s%s in %s: %v", name, shots.ext, dir, err)
		}
	}
	t.Logf("screenshots of %d pages in %s", len(shots.names), dir)
}

// linkScreenshots are the panes the browser test photographs.
var linkScreenshots = []string{"link-consent", "link-institutions", "link-no-results", "link-no-institutions", "link-credentials",
	"link-mfa-device", "link-mfa-code", "link-mfa-questions", "link-mfa-selections", "link-accounts", "link-accounts-single",
	"link-mobile-accounts", "link-success", "link-error", "link-oauth", "link-exit"}

// dashboardScreenshots are the dashboard pages the browser test photographs.
var dashboardScreenshots = []string{"dashboard-items", "dashboard-item", "dashboard-webhooks", "dashboard-requests", "dashboard-control", "dashboard-narrow", "dashboard-user", "dashboard-verification"}

// toolUnavailable skips a check that needs a tool (node, Chromium, jq…)
// locally, and fails it under CI=true. why says what is missing and how
// to get it.
func toolUnavailable(t *testing.T, what, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s cannot run: %s", what, why)
	}
	testnote.Skip(t, what+": "+why)
}

// needCurlTools: what runs shell examples needs bash, curl and jq.
func needCurlTools(t *testing.T, what string) {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			toolUnavailable(t, what, tool+" is not installed (apt-get install "+tool+")")
		}
	}
}

// runNodeTests runs node --test on script in testdata/<sub> against a
// listening emulator, reached through a proxy that checks every exchange
// against the spec. Without node or the installed package (need) it is
// skipped locally and fails under CI=true.
func runNodeTests(t *testing.T, what, sub, script, need string, env ...string) {
	dir, _ := filepath.Abs(filepath.Join("..", "testdata", sub))
	node, err := exec.LookPath("node")
	if err != nil {
		toolUnavailable(t, what, "node is not installed (apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join(dir, need)); err != nil {
		toolUnavailable(t, what, fmt.Sprintf("%s is not installed (run npm ci in %s)", need, filepath.Join("testdata", sub)))
	}
	var opts []emulatortest.Option
	for _, kv := range env {
		if tok, ok := strings.CutPrefix(kv, "ADMIN_TOKEN="); ok { // the script's emulator guards its admin routes
			opts = append(opts, emulatortest.WithOptions(func(o *emulator.Options) { o.AdminToken = tok }))
		}
	}
	srv := emulatortest.NewServer(t, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{"--test"}, strings.Fields(script)...)...)
	cmd.Dir = dir
	target, _ := url.Parse(srv.URL)
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(target) },
		Transport: newSpecTransport(t),
	})
	t.Cleanup(proxy.Close)
	// PLAID_EMULATOR_DIRECT_URL skips the checking proxy (the dashboard's
	// webhook stream is not a Plaid exchange).
	cmd.Env = append(append(os.Environ(), "PLAID_EMULATOR_URL="+proxy.URL, "PLAID_EMULATOR_DIRECT_URL="+srv.URL), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", what, err, out)
	}
	t.Logf("%s", out)
}
