package emulator_test

import (
	"net/http"
	"testing"
)

// TestResetClientLeavesOthersAlone: two test suites share one emulator,
// each as its own client. Resetting one removes its Items, tokens,
// transfers, link tokens, reports, webhooks, journal entries and scoped
// scenario activations; the other's all still answer.
func TestResetClientLeavesOthersAlone(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	type suite struct {
		id, access, acct, transfer, linkToken, report string
	}
	make1 := func(client string) suite {
		c := func(path string, body map[string]any) map[string]any { return e.callAs(client, "s", path, body).ok(t) }
		pt := c("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth", "assets"},
			"options": map[string]any{"webhook": rv.url}})
		at := c("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]})["access_token"].(string)
		acct := obj(list(c("/accounts/get", map[string]any{"access_token": at})["accounts"])[0])["account_id"].(string)
		au := obj(c("/transfer/authorization/create", map[string]any{"access_token": at, "account_id": acct, "type": "debit", "network": "ach",
			"ach_class": "web", "amount": "3.00", "user": map[string]any{"legal_name": "A B"}})["authorization"])["id"]
		tr := obj(c("/transfer/create", map[string]any{"access_token": at, "account_id": acct, "authorization_id": au, "description": "x"})["transfer"])["id"].(string)
		lt := c("/link/token/create", map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}})["link_token"].(string)
		rep := c("/asset_report/create", map[string]any{"access_tokens": []string{at}, "days_requested": 10})["asset_report_token"].(string)
		c("/sandbox/item/fire_webhook", map[string]any{"access_token": at, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"})
		e.do(http.MethodPost, "/_emulator/scenarios", http.Header{"Content-Type": {"application/json"}}, map[string]any{"activate": "quiet", "client_id": client})
		return suite{client, at, acct, tr, lt, rep}
	}
	e.do(http.MethodPost, "/_emulator/scenarios", http.Header{"Content-Type": {"application/json"}}, []byte(
		`{"scenarios":[{"name":"quiet","rules":[{"match":{"paths":["/identity/get"]},"effect":{"latency":{"fixed":"1ms"}}}]}]}`))
	a, b := make1("suite-a"), make1("suite-b")
	rv.waitFor(t, "NEW_ACCOUNTS_AVAILABLE")
	if r := e.do(http.MethodPost, "/_emulator/reset", http.Header{"Content-Type": {"application/json"}}, map[string]any{"client_id": "suite-a"}); r.status != 200 {
		t.Fatalf("reset: %d %s", r.status, r.raw)
	}
	gone := func(s suite) bool {
		return e.callAs(s.id, "s", "/accounts/get", map[string]any{"access_token": s.access}).status == 400 &&
			e.callAs(s.id, "s", "/transfer/get", map[string]any{"transfer_id": s.transfer}).status == 404 &&
			e.callAs(s.id, "s", "/link/token/get", map[string]any{"link_token": s.linkToken}).status == 400 &&
			e.callAs(s.id, "s", "/asset_report/get", map[string]any{"asset_report_token": s.report}).status == 400
	}
	if !gone(a) {
		t.Fatal("suite-a's state answers after its reset")
	}
	c := func(path string, body map[string]any) int { return e.callAs("suite-b", "s", path, body).status }
	if c("/accounts/get", map[string]any{"access_token": b.access}) != 200 || c("/transfer/get", map[string]any{"transfer_id": b.transfer}) != 200 ||
		c("/link/token/get", map[string]any{"link_token": b.linkToken}) != 200 || c("/asset_report/get", map[string]any{"asset_report_token": b.report}) != 200 {
		t.Fatal("suite-b's state was touched by suite-a's reset")
	}
	for _, r := range list(e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil).body["requests"]) {
		if obj(r)["client_id"] == "suite-a" && obj(r)["path"] != "/accounts/get" && obj(r)["path"] != "/transfer/get" &&
			obj(r)["path"] != "/link/token/get" && obj(r)["path"] != "/asset_report/get" {
			t.Fatalf("suite-a's journal entry from before the reset: %v", obj(r)["path"])
		}
	}
	hooks := list(e.do(http.MethodGet, "/_emulator/webhooks?webhook_code=NEW_ACCOUNTS_AVAILABLE", http.Header{}, nil).body["webhooks"])
	if len(hooks) != 1 {
		t.Fatalf("%d NEW_ACCOUNTS_AVAILABLE webhooks left, want suite-b's one", len(hooks))
	}
	active := list(e.do(http.MethodGet, "/_emulator/scenarios", http.Header{}, nil).body["active"])
	if len(active) != 1 || obj(active[0])["client_id"] != "suite-b" {
		t.Fatalf("activations after the reset: %v", active)
	}
	if r := e.do(http.MethodPost, "/_emulator/reset", http.Header{"Content-Type": {"application/json"}}, []byte(`{"client":"x"}`)); r.status != 400 {
		t.Fatalf("a reset with an unknown field: %d", r.status)
	}
}
