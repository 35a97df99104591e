package emulator_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

const ciFixtures = `institutions:
  - institution_id: ins_ci_1
    name: CI Credit Union
    products: [auth, transactions]
    country_codes: [US]
users:
  - username: ci_user
    password: ci_pass
    accounts:
      - name: CI Checking
        type: depository
        subtype: checking
        balances: {current: 0, available: 0}
`

// TestFixturesLoadAtRunTime: a running emulator takes a fixture file; its
// bank and user serve at once, through resets and (under --state)
// restarts. A bad file changes nothing and is answered with its line and
// field.
func TestFixturesLoadAtRunTime(t *testing.T) {
	e := newEnv(t)
	yaml := http.Header{"Content-Type": {"application/yaml"}}
	r := e.do(http.MethodPost, "/_emulator/fixtures?name=ci.yaml", yaml, []byte(ciFixtures))
	if r.status != 200 || r.body["institutions"] != 1.0 || r.body["users"] != 1.0 {
		t.Fatalf("load: %d %s", r.status, r.raw)
	}
	linkCI := func() {
		t.Helper()
		it := e.link("ins_ci_1", []string{"auth"}, map[string]any{"override_username": "ci_user", "override_password": "ci_pass"})
		acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])
		if acct["name"] != "CI Checking" || obj(acct["balances"])["available"] != 0.0 {
			t.Fatalf("the loaded user's account: %v", acct)
		}
	}
	linkCI()
	e.call("/institutions/get_by_id", map[string]any{"institution_id": "ins_ci_1", "country_codes": []string{"US"}}).ok(t)

	// Bad files: nothing of them is loaded, and the answer names line and field.
	bad := map[string]struct{ doc, field string }{
		"unknown field": {"institutions:\n  - institution_id: ins_ci_2\n    name: Two\n    products: [auth]\n    country_codes: [US]\n    colour: red\n", "colour"},
		"merchants":     {"institutions:\n  - institution_id: ins_ci_2\n    name: Two\n    products: [auth]\n    country_codes: [US]\nmerchants:\n  - name: X\n", "merchants"},
		"not YAML":      {"institutions: [\n", "-"},
		"bad type":      {"users:\n  - username: u2\n    password: p\n    accounts:\n      - name: A\n        type: spaceship\n        subtype: checking\n", "users[0].accounts[0].type"},
	}
	for what, c := range bad {
		r := e.do(http.MethodPost, "/_emulator/fixtures?name=bad.yaml", yaml, []byte(c.doc))
		probs := list(r.body["problems"])
		if r.status != 400 || len(probs) == 0 || obj(probs[0])["field"] != c.field || obj(probs[0])["file"] != "bad.yaml" ||
			(c.field != "-" && obj(probs[0])["line"] == 0.0) {
			t.Errorf("%s: %d %s", what, r.status, r.raw)
		}
		if m := libraryWording.FindString(string(r.raw)); m != "" {
			t.Errorf("%s: library wording %q in %s", what, m, r.raw)
		}
	}
	e.call("/institutions/get_by_id", map[string]any{"institution_id": "ins_ci_2", "country_codes": []string{"US"}}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_INSTITUTION")
	for _, body := range [][]byte{nil, []byte("   ")} {
		if r := e.do(http.MethodPost, "/_emulator/fixtures", yaml, body); r.status != 400 {
			t.Errorf("an empty body: %d %s", r.status, r.raw)
		}
	}
	if r := e.do(http.MethodPost, "/_emulator/fixtures?name=%00x", yaml, []byte(ciFixtures)); r.status != 400 {
		t.Errorf("a name with a NUL: %d %s", r.status, r.raw)
	}

	// JSON is YAML too; a reset keeps what was loaded.
	r = e.do(http.MethodPost, "/_emulator/fixtures", jsonHeader, []byte(`{"institutions":[{"institution_id":"ins_ci_3","name":"Three","products":["auth"],"country_codes":["US"]}]}`))
	if r.status != 200 || obj(r.body["served"])["institutions"] == nil {
		t.Fatalf("JSON load: %d %s", r.status, r.raw)
	}
	e.do(http.MethodPost, "/_emulator/reset", jsonHeader, nil)
	linkCI()
	e.call("/institutions/get_by_id", map[string]any{"institution_id": "ins_ci_3", "country_codes": []string{"US"}}).ok(t)
}

// TestFixturesLoadedOutliveARestart: under --state, a load is a record,
// applied again at the next start, before the Items that use it.
func TestFixturesLoadedOutliveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	srv, err := emulator.New(emulator.Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.LoadFixtures("ci.yaml", []byte(ciFixtures)); err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	pt := serveOK(t, h, "/sandbox/public_token/create", `{"institution_id":"ins_ci_1","initial_products":["auth"],"options":{"override_username":"ci_user","override_password":"ci_pass"}}`)
	at := field(serveOK(t, h, "/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`), "access_token")
	again := restartWithState(t, srv, path)
	if b := serveOK(t, again.Handler(), "/accounts/get", `{"access_token":"`+at+`"}`); !strings.Contains(string(b), "CI Checking") {
		t.Fatalf("accounts after a restart: %s", b)
	}
	serveOK(t, again.Handler(), "/sandbox/public_token/create", `{"institution_id":"ins_ci_1","initial_products":["auth"],"options":{"override_username":"ci_user","override_password":"ci_pass"}}`)
}
