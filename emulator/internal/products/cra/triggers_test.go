package cra_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestCRATriggers: cra.check_report makes a real report of the Item's
// user, whose webhook comes to the Item's webhook in the user's regime
// (USER_CHECK_REPORT_READY, CHECK_REPORT_READY for a legacy user);
// cra.cashflow_updates updates the user's subscription; an Item of no
// Plaid user is a 400 in words.
func TestCRATriggers(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	trigger := func(name, itemID string) plaidtest.Result {
		return e.Do("POST", "/_emulator/trigger", http.Header{"Content-Type": {"application/json"}}, map[string]any{"trigger": name, "item_id": itemID})
	}
	link := func(ref map[string]any, username string) string {
		body := map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
			"options": map[string]any{"override_username": username, "override_password": "pass_good", "webhook": rv.URL}}
		for k, v := range ref {
			body[k] = v
		}
		pt := e.Call("/sandbox/public_token/create", body).OK(t)["public_token"]
		return e.Call("/item/public_token/exchange", map[string]any{"public_token": pt}).OK(t)["item_id"].(string)
	}
	uid := newUser(t, e, "triggered")
	item := link(map[string]any{"user_id": uid}, "user_good")
	if r := trigger("cra.check_report", item); r.Status != 200 || r.Body["status"] != 200.0 {
		t.Fatalf("cra.check_report: %d %s", r.Status, r.Raw)
	}
	if w := rv.WaitFor(t, "USER_CHECK_REPORT_READY"); w.Body["user_id"] != uid {
		t.Fatalf("ready: %v", w.Body)
	}
	e.Call("/cra/monitoring_insights/subscribe", map[string]any{"user_id": uid, "webhook": rv.URL}).OK(t)
	if r := trigger("cra.cashflow_updates", item); r.Status != 200 || r.Body["status"] != 200.0 {
		t.Fatalf("cra.cashflow_updates: %d %s", r.Status, r.Raw)
	}
	if w := rv.WaitFor(t, "CASH_FLOW_INSIGHTS_UPDATED"); w.Body["user_id"] != uid {
		t.Fatalf("cash flow update: %v", w.Body)
	}

	legacy := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	tok := e.Do("POST", "/user/create", legacy, map[string]any{"client_user_id": "triggered-legacy"}).OK(t)["user_token"].(string)
	old := link(map[string]any{"user_token": tok}, "user_good")
	if r := trigger("cra.check_report", old); r.Status != 200 || r.Body["status"] != 200.0 {
		t.Fatalf("cra.check_report, legacy: %d %s", r.Status, r.Raw)
	}
	rv.WaitFor(t, "CHECK_REPORT_READY")

	lone := link(nil, "user_good")
	if r := trigger("cra.check_report", lone); r.Status != 400 || r.Body["error"] == nil {
		t.Fatalf("an Item of no user: %d %s", r.Status, r.Raw)
	}
}
