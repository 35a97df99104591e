package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// plaidGoSuite is plaid-go's own integration suite, the tests/ package of
// the module this repository uses, written against Plaid's real Sandbox.
const plaidGoSuite = "github.com/plaid/plaid-go/v20/tests"

// plaidGoNotServed are its tests that need a product the emulator does not
// serve yet, each with the product; every other test must pass.
var plaidGoNotServed = map[string]string{
	"TestIdentityVerification":   "Identity Verification (/identity_verification/*)",
	"TestMonitor":                "Monitor (/watchlist_screening/*)",
	"TestPaymentRecipientGet":    "Payment Initiation (/payment_initiation/*)",
	"TestPaymentWithBacs":        "Payment Initiation (/payment_initiation/*)",
	"TestPaymentWithBacsAndIban": "Payment Initiation (/payment_initiation/*)",
}

// TestPlaidGoOwnSuite runs plaid-go's own integration suite, unmodified,
// against the binary: PLAID_API_URI is the emulator, and
// WEBHOOK_VERIFICATION_KEY_ID its signing key. Every test of a product the
// emulator serves must pass; the others are listed in plaidGoNotServed
// with the product they need, and a test the table names that the suite
// no longer has fails this test too.
func TestPlaidGoOwnSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs plaid-go's tests/ package; runs without -short (and in CI)")
	}
	list, err := exec.Command("go", "test", "-list", ".", plaidGoSuite).CombinedOutput()
	if err != nil {
		t.Fatalf("listing %s: %v\n%s", plaidGoSuite, err, list)
	}
	var run []string
	found := map[string]bool{}
	for _, name := range regexp.MustCompile(`(?m)^Test\w+$`).FindAllString(string(list), -1) {
		found[name] = true
		if _, skip := plaidGoNotServed[name]; !skip {
			run = append(run, name)
		}
	}
	for name := range plaidGoNotServed {
		if !found[name] {
			t.Errorf("plaidGoNotServed names %s, which the suite does not have", name)
		}
	}
	if len(run) < 30 {
		t.Fatalf("only %d of the suite's tests to run: %s", len(run), list)
	}

	bin := buildBinary(t)
	cmd, url := startBinary(t, bin, instant)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	resp, err := http.Post(url+"/_emulator/webhook_keys/rotate", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var key struct {
		Key struct {
			Kid string `json:"kid"`
		} `json:"key"`
	}
	err = json.NewDecoder(resp.Body).Decode(&key)
	resp.Body.Close()
	if err != nil || key.Key.Kid == "" {
		t.Fatalf("no signing key id: %v", err)
	}

	slices.Sort(run)
	suite := exec.Command("go", "test", "-count=1", "-v", "-run", "^("+strings.Join(run, "|")+")$", plaidGoSuite)
	suite.Env = append(os.Environ(), "PLAID_API_URI="+url, "CLIENT_ID=plaid-go-suite", "SECRET=any",
		"WEBHOOK_VERIFICATION_KEY_ID="+key.Key.Kid, "PLAID_ENV=sandbox")
	out, err := suite.CombinedOutput()
	passed := regexp.MustCompile(`(?m)^--- PASS: (Test\w+)`).FindAllStringSubmatch(string(out), -1)
	if err != nil {
		t.Fatalf("plaid-go's suite failed against the emulator: %v\n%s", err, out)
	}
	t.Logf("plaid-go's own suite: %d tests run and passed (%d top-level PASS lines), %d need products not served yet", len(run), len(passed), len(plaidGoNotServed))
}
