package emulator_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
	"github.com/plaid/plaid-go/v20/plaid"
)

// plaidCode is the Plaid error code plaid-go reads from err ("" for none).
func plaidCode(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	pe, perr := plaid.ToPlaidError(err)
	if perr != nil {
		tb.Fatalf("not a Plaid error: %v", err)
	}
	return pe.GetErrorCode()
}

func balance(c *plaid.PlaidApiService, at string) error {
	_, _, err := c.AccountsBalanceGet(context.Background()).AccountsBalanceGetRequest(*plaid.NewAccountsBalanceGetRequest(at)).Execute()
	return err
}

func TestBuiltinLoginRequiredAfter3Calls(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	c := e.plaidClient().PlaidApi
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.activate("login-required-after-3-calls", nil)
	for i := range 3 {
		if code := plaidCode(t, balance(c, it.accessToken)); code != "" {
			t.Fatalf("call %d failed: %s", i+1, code)
		}
	}
	if code := plaidCode(t, balance(c, it.accessToken)); code != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("4th call: %q", code)
	}
	if d := rv.waitFor(t, "ERROR"); obj(d.body["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("webhook = %s", d.raw)
	}
	// The journal says which rule did it.
	j := e.do(http.MethodGet, "/_emulator/requests?scenario=login-required-after-3-calls", http.Header{}, nil)
	reqs := list(j.body["requests"])
	if len(reqs) != 1 || obj(reqs[0])["rule"] != "rules[0]" || obj(reqs[0])["status"] != 400.0 || obj(reqs[0])["item_id"] != it.itemID {
		t.Fatalf("journal = %s", j.raw)
	}
}

func TestBuiltinInstitutionDownScopedToItem(t *testing.T) {
	e := newEnv(t)
	c := e.plaidClient().PlaidApi
	hit := e.link("ins_109508", []string{"auth"}, nil)
	spared := e.link("ins_109508", []string{"auth"}, nil)
	e.activate("institution-down", map[string]any{"item_id": hit.itemID})
	if code := plaidCode(t, balance(c, hit.accessToken)); code != "INSTITUTION_DOWN" {
		t.Fatalf("scoped Item: %q", code)
	}
	if code := plaidCode(t, balance(c, spared.accessToken)); code != "" {
		t.Fatalf("other Item: %q", code)
	}
	e.do(http.MethodDelete, "/_emulator/scenarios", http.Header{}, nil)
	e.activate("institution-down", nil)
	e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).
		plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_DOWN")
	if r := e.do(http.MethodDelete, "/_emulator/scenarios?name=institution-down", http.Header{}, nil); r.body["deactivated"] != 1.0 {
		t.Fatalf("deactivate = %s", r.raw)
	}
	if code := plaidCode(t, balance(c, hit.accessToken)); code != "" {
		t.Fatalf("after deactivation: %q", code)
	}
}

func TestBuiltinInstitutionDegradedAndSlow(t *testing.T) {
	e := newEnv(t)
	c := e.plaidClient().PlaidApi
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.activate("institution-degraded", nil)
	start := time.Now()
	codes := map[string]int{}
	for range 6 {
		codes[plaidCode(t, balance(c, it.accessToken))]++
	}
	if el := time.Since(start); el < 6*500*time.Millisecond {
		t.Fatalf("6 degraded calls took %v, want ≥ 3 s", el)
	}
	if codes["INSTITUTION_NOT_RESPONDING"] == 0 || codes[""] == 0 {
		t.Fatalf("outcomes = %v", codes)
	}
	e.do(http.MethodDelete, "/_emulator/scenarios", http.Header{}, nil)
	e.activate("slow-bank", nil)
	start = time.Now()
	if code := plaidCode(t, balance(c, it.accessToken)); code != "" || time.Since(start) < 2*time.Second {
		t.Fatalf("slow bank: %q after %v", code, time.Since(start))
	}
}

func TestBuiltinRateLimited(t *testing.T) {
	e := newEnv(t)
	c := e.plaidClient().PlaidApi
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.activate("rate-limited", nil)
	for range 5 {
		if code := plaidCode(t, balance(c, it.accessToken)); code != "" {
			t.Fatal(code)
		}
	}
	if code := plaidCode(t, balance(c, it.accessToken)); code != "ACCOUNTS_BALANCE_GET_LIMIT" {
		t.Fatalf("6th call: %q", code)
	}
	r := e.call("/accounts/balance/get", map[string]any{"access_token": it.accessToken})
	r.plaidErr(t, 429, "RATE_LIMIT_EXCEEDED", "ACCOUNTS_BALANCE_GET_LIMIT")
}

func TestBuiltinProductNotReadyThenClock(t *testing.T) {
	e := newEnv(t)
	c := e.plaidClient().PlaidApi
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.activate("product-not-ready-for-a-while", nil)
	_, _, err := c.AuthGet(context.Background()).AuthGetRequest(*plaid.NewAuthGetRequest(it.accessToken)).Execute()
	if code := plaidCode(t, err); code != "PRODUCT_NOT_READY" {
		t.Fatalf("young Item: %q", code)
	}
	if r := e.do(http.MethodPost, "/_emulator/clock", http.Header{}, map[string]any{"advance": "11m"}); r.status != 200 {
		t.Fatalf("clock: %s", r.raw)
	}
	_, _, err = c.AuthGet(context.Background()).AuthGetRequest(*plaid.NewAuthGetRequest(it.accessToken)).Execute()
	must(t, "auth after 11 minutes", err)
}

func TestBuiltinPermissionRevokedAndPendingDisconnect(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	c := e.plaidClient().PlaidApi
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.activate("pending-disconnect", nil)
	if code := plaidCode(t, balance(c, it.accessToken)); code != "" {
		t.Fatalf("pending disconnect broke the call: %s", code)
	}
	if d := rv.waitFor(t, "PENDING_DISCONNECT"); d.body["reason"] == nil {
		t.Fatalf("webhook = %s", d.raw)
	}
	e.activate("permission-revoked", nil)
	if code := plaidCode(t, balance(c, it.accessToken)); code != "USER_PERMISSION_REVOKED" {
		t.Fatalf("permission revoked: %q", code)
	}
	rv.waitFor(t, "USER_PERMISSION_REVOKED")
	if code := plaidCode(t, balance(c, it.accessToken)); code != "USER_PERMISSION_REVOKED" {
		t.Fatalf("stays revoked: %q", code)
	}
}

// failingCalls runs n balance calls under flaky-5-percent and returns
// which ones failed.
func failingCalls(t *testing.T, seed int64, n int) []int {
	e := newEnv(t, withSeed(seed))
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.activate("flaky-5-percent", nil)
	c := e.plaidClient().PlaidApi
	var failed []int
	for i := range n {
		switch code := plaidCode(t, balance(c, it.accessToken)); code {
		case "":
		case "INTERNAL_SERVER_ERROR":
			failed = append(failed, i)
		default:
			t.Fatalf("call %d: %s", i, code)
		}
	}
	return failed
}

func TestFlakyScenarioRepeatsWithSeed(t *testing.T) {
	a, b := failingCalls(t, 11, 200), failingCalls(t, 11, 200)
	if len(a) == 0 || len(a) > 30 {
		t.Fatalf("%d of 200 calls failed, want about 10", len(a))
	}
	if string(mustJSON(a)) != string(mustJSON(b)) {
		t.Fatalf("same seed, different failures: %v vs %v", a, b)
	}
	if c := failingCalls(t, 12, 200); string(mustJSON(c)) == string(mustJSON(a)) {
		t.Fatal("another seed failed the same calls")
	}
}

func TestScenarioSequenceFromFile(t *testing.T) {
	list, err := scenarios.Load(os.DirFS("../testdata/scenarios/valid"), emulator.KnownCode)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(o *emulator.Options) { o.Scenarios = list })
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.activate("bank-outage-sequence", nil)
	bal := func() result { return e.call("/accounts/balance/get", map[string]any{"access_token": it.accessToken}) }
	bal().plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING")
	start := time.Now()
	bal().ok(t)
	if time.Since(start) < 50*time.Millisecond {
		t.Fatal("the second step's latency did not apply")
	}
	bal().ok(t)
	down := bal().plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_DOWN")
	if down["error_message"] != "the bank is down for maintenance" {
		t.Fatalf("override message = %v", down["error_message"])
	}
	bal().plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_DOWN")
}

func TestScenarioHeaderAndLoadAtRuntime(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	h := http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret},
		"Plaid-Emulator-Scenario": {"institution-down"}}
	e.do(http.MethodPost, "/auth/get", h, map[string]any{"access_token": it.accessToken}).plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_DOWN")
	e.call("/auth/get", map[string]any{"access_token": it.accessToken}).ok(t) // only that request
	yaml := []byte("scenarios:\n  - name: locked\n    rules:\n      - match: {paths: [\"/identity/get\"], username: user_good}\n        effect: {error: {code: ITEM_LOCKED}}\n")
	r := e.do(http.MethodPost, "/_emulator/scenarios?activate=true", http.Header{"Content-Type": {"application/yaml"}}, yaml)
	if r.status != 200 || len(list(r.body["active"])) != 1 {
		t.Fatalf("load: %d %s", r.status, r.raw)
	}
	e.call("/identity/get", map[string]any{"access_token": it.accessToken}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
	bad := e.do(http.MethodPost, "/_emulator/scenarios", http.Header{}, []byte("scenarios:\n  - name: x\n    rules: []\n"))
	if bad.status != 400 || len(list(bad.body["problems"])) == 0 {
		t.Fatalf("invalid load: %d %s", bad.status, bad.raw)
	}
	if r := e.do(http.MethodPost, "/_emulator/scenarios", http.Header{}, map[string]any{"activate": "nope"}); r.status != 404 {
		t.Fatalf("unknown scenario: %d", r.status)
	}
	lst := e.do(http.MethodGet, "/_emulator/scenarios", http.Header{}, nil)
	if len(list(lst.body["scenarios"])) != 10 || len(list(lst.body["active"])) != 1 {
		t.Fatalf("list = %.300s", lst.raw)
	}
}

func TestFaults(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	for _, fault := range []string{"connection_reset", "empty_reply", "truncated_json", "html_502"} {
		doc := []byte("scenarios:\n  - name: f-" + fault + "\n    rules:\n      - match: {paths: [\"/auth/get\"]}\n        effect: {fault: " + fault + "}\n")
		e.do(http.MethodPost, "/_emulator/scenarios?activate=true", http.Header{}, doc)
		req, _ := http.NewRequest(http.MethodPost, e.url+"/auth/get", bytesReader(mustJSON(map[string]any{"access_token": it.accessToken})))
		req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
		resp, err := http.DefaultClient.Do(req)
		switch fault {
		case "html_502":
			if err != nil || resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "text/html" {
				t.Fatalf("html_502: %v %v", resp, err)
			}
			resp.Body.Close()
		case "truncated_json":
			if err == nil {
				_, err = readAll(resp)
			}
			if err == nil {
				t.Fatal("truncated_json read a whole body")
			}
		default:
			if err == nil {
				t.Fatalf("%s: got a response %d", fault, resp.StatusCode)
			}
		}
		e.do(http.MethodDelete, "/_emulator/scenarios", http.Header{}, nil)
	}
	j := list(e.do(http.MethodGet, "/_emulator/requests?path=/auth/get", http.Header{}, nil).body["requests"])
	faults := 0
	for _, r := range j {
		if obj(r)["fault"] != nil {
			faults++
		}
	}
	if faults != 4 {
		t.Fatalf("journal shows %d faults", faults)
	}
}

// TestRuleMatchers: each match criterion, one rule at a time.
func TestRuleMatchers(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	accts := list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	acct := obj(accts[1])["account_id"].(string)
	type step struct {
		clientID string
		body     map[string]any
		fails    bool
	}
	bal := map[string]any{"access_token": it.accessToken}
	cases := []struct {
		name  string
		rule  string
		path  string
		steps []step
	}{
		{"call", "{paths: [\"/accounts/get\"], call: 2}", "/accounts/get", []step{{"", bal, false}, {"", bal, true}, {"", bal, false}}},
		{"every", "{paths: [\"/accounts/get\"], every_calls: 2}", "/accounts/get", []step{{"", bal, false}, {"", bal, true}, {"", bal, false}, {"", bal, true}}},
		{"times", "{paths: [\"/accounts/get\"], times: 2}", "/accounts/get", []step{{"", bal, true}, {"", bal, true}, {"", bal, false}}},
		{"client", "{client_id: other_client}", "/institutions/get", []step{
			{"", map[string]any{"count": 1, "offset": 0, "country_codes": []string{"US"}}, false},
			{"other_client", map[string]any{"count": 1, "offset": 0, "country_codes": []string{"US"}}, true}}},
		{"institution", "{institution_id: ins_109511}", "/sandbox/public_token/create", []step{
			{"", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}, false},
			{"", map[string]any{"institution_id": "ins_109511", "initial_products": []string{"auth"}}, true}}},
		{"username", "{username: user_custom}", "/sandbox/public_token/create", []step{
			{"", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}, false},
			{"", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}, "options": map[string]any{"override_username": "user_custom", "override_password": "{}"}}, true}}},
		{"account", "{account_id: " + acct + "}", "/accounts/get", []step{{"", bal, false},
			{"", map[string]any{"access_token": it.accessToken, "options": map[string]any{"account_ids": []string{acct}}}, true}}},
		{"item age", "{item_age: {from: 1h}}", "/accounts/get", []step{{"", bal, false}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := []byte("scenarios:\n  - name: m-" + tc.name + "\n    rules:\n      - match: " + tc.rule + "\n        effect: {error: {code: ITEM_LOCKED}}\n")
			if r := e.do(http.MethodPost, "/_emulator/scenarios?activate=true", http.Header{}, doc); r.status != 200 {
				t.Fatalf("load: %s", r.raw)
			}
			defer e.do(http.MethodDelete, "/_emulator/scenarios", http.Header{}, nil)
			for i, s := range tc.steps {
				client := testClientID
				if s.clientID != "" {
					client = s.clientID
				}
				r := e.callAs(client, "secret", tc.path, s.body)
				if got := r.status != 200; got != s.fails {
					t.Fatalf("step %d: status %d, want failure %v: %s", i+1, r.status, s.fails, r.raw)
				}
			}
		})
	}
}

// A webhook effect and an activation scoped to one client.
func TestWebhookEffectAndClientScope(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	doc := []byte("scenarios:\n  - name: nudge\n    rules:\n      - match: {paths: [\"/item/get\"], times: 1}\n        effect: {webhook: {type: ITEM, code: NEW_ACCOUNTS_AVAILABLE}}\n")
	e.do(http.MethodPost, "/_emulator/scenarios", http.Header{}, doc)
	e.activate("nudge", map[string]any{"client_id": "someone_else"})
	e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)
	e.do(http.MethodDelete, "/_emulator/scenarios", http.Header{}, nil)
	e.activate("nudge", map[string]any{"client_id": testClientID})
	e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)
	rv.waitFor(t, "NEW_ACCOUNTS_AVAILABLE")
	if n := len(e.webhooks("webhook_code=NEW_ACCOUNTS_AVAILABLE")); n != 1 {
		t.Fatalf("%d webhooks; the other client's activation must not fire", n)
	}
}
