package cra_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// TestCashFlowUpdates: a subscription is PENDING until an update; the
// Sandbox update finds user_good's low balance (CASH_FLOW_INSIGHTS_UPDATED
// with LOW_BALANCE_DETECTED for a new-API user), then the insights read
// the Item's income; chosen codes are sent as given; a legacy user hears
// INSIGHTS_UPDATED and one webhook per event; unsubscribing ends it.
func TestCashFlowUpdates(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "monitor")
	linkFor(t, e, uid, "user_good")
	sub := e.Call("/cra/monitoring_insights/subscribe", map[string]any{"user_id": uid, "webhook": rv.URL}).OK(t)["subscription_id"].(string)
	get := func() map[string]any {
		return plaidtest.Obj(plaidtest.List(e.Call("/cra/monitoring_insights/get", map[string]any{"user_id": uid,
			"consumer_report_permissible_purpose": "ACCOUNT_REVIEW_CREDIT"}).OK(t)["items"])[0])
	}
	if st := plaidtest.Obj(get()["status"])["status_code"]; st != "PENDING" {
		t.Fatalf("before an update: %v", st)
	}
	e.Call("/sandbox/cra/cashflow_updates/update", map[string]any{"user_id": uid}).OK(t)
	w := rv.WaitFor(t, "CASH_FLOW_INSIGHTS_UPDATED")
	if !slices.Contains(plaidtest.Strings(w.Body["insights"]), "LOW_BALANCE_DETECTED") || w.Body["user_id"] != uid {
		t.Fatalf("update webhook: %v", w.Body)
	}
	item := get()
	income := plaidtest.Obj(plaidtest.Obj(item["insights"])["income"])
	if plaidtest.Obj(item["status"])["status_code"] != "AVAILABLE" || plaidtest.Obj(income["income_sources_counts"])["current_count"].(float64) < 1 {
		t.Fatalf("insights: %v", item)
	}
	e.Call("/sandbox/cra/cashflow_updates/update", map[string]any{"user_id": uid, "webhook_codes": []string{"LARGE_DEPOSIT_DETECTED"}}).OK(t)
	if w := rv.WaitForN(t, "CASH_FLOW_INSIGHTS_UPDATED", 2)[1]; !slices.Equal(plaidtest.Strings(w.Body["insights"]), []string{"LARGE_DEPOSIT_DETECTED"}) {
		t.Fatalf("chosen codes: %v", w.Body)
	}
	e.Call("/sandbox/cra/cashflow_updates/update", map[string]any{"user_id": uid, "webhook_codes": []string{"RAIN"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/cra/monitoring_insights/unsubscribe", map[string]any{"subscription_id": sub}).OK(t)
	e.Call("/cra/monitoring_insights/unsubscribe", map[string]any{"subscription_id": sub}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	legacy := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	tok := e.Do("POST", "/user/create", legacy, map[string]any{"client_user_id": "monitor-legacy"}).OK(t)["user_token"].(string)
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
		"user_token": tok, "options": map[string]any{"override_username": "user_good", "override_password": "pass_good"}}).OK(t)
	e.Call("/cra/monitoring_insights/subscribe", map[string]any{"user_token": tok, "webhook": rv.URL}).OK(t)
	e.Call("/sandbox/cra/cashflow_updates/update", map[string]any{"user_token": tok, "webhook_codes": []string{"NSF_OVERDRAFT_DETECTED"}}).OK(t)
	rv.WaitFor(t, "INSIGHTS_UPDATED")
	rv.WaitFor(t, "NSF_OVERDRAFT_DETECTED")
}

// TestCheckAccessPerClient: a client whose fixture lists products without
// a cra_ one has no Consumer Report: Link refuses cra_base_report
// (INVALID_PRODUCT) and every /cra/* route is UNAUTHORIZED_ROUTE_ACCESS;
// a client listing cra_base_report, or none, has it.
func TestCheckAccessPerClient(t *testing.T) {
	fx := fixtures.Default()
	fx.Clients = []fixtures.Client{{ClientID: "nocheck", Secret: "s", Products: []string{"auth", "transactions"}},
		{ClientID: "check", Secret: "s", Products: []string{"auth", "cra_base_report"}}}
	e := plaidtest.New(t, plaidtest.WithFixtures(fx))
	for _, client := range []string{"nocheck", "check"} {
		uid := e.CallAs(client, "s", "/user/create", map[string]any{"client_user_id": "u"}).Body["user_id"].(string)
		r := e.CallAs(client, "s", "/cra/check_report/create", map[string]any{"user_id": uid, "webhook": "http://127.0.0.1:9/hook", "days_requested": 180,
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"})
		lt := e.CallAs(client, "s", "/link/token/create", map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"},
			"user_id": uid, "products": []string{"cra_base_report"}, "consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"})
		if client == "check" {
			r.OK(t)
			lt.OK(t)
			continue
		}
		r.PlaidErr(t, 400, "INVALID_INPUT", "UNAUTHORIZED_ROUTE_ACCESS")
		lt.PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PRODUCT")
		e.CallAs(client, "s", "/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "INVALID_INPUT", "UNAUTHORIZED_ROUTE_ACCESS")
	}
}

// TestCashFlowUpdatesOnTheClock: a subscription is updated a day after it
// began (never at enrolment), then a day after each update: one update
// per clock move, however many days it passes.
func TestCashFlowUpdatesOnTheClock(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "monitor-daily")
	linkFor(t, e, uid, "user_good")
	e.Call("/cra/monitoring_insights/subscribe", map[string]any{"user_id": uid, "webhook": rv.URL}).OK(t)
	sent := func() int { return len(e.Webhooks("webhook_code=CASH_FLOW_INSIGHTS_UPDATED")) }
	if r := e.Clock(map[string]any{"advance": "23h"}); r.Status != 200 {
		t.Fatalf("clock: %s", r.Raw)
	}
	if n := sent(); n != 0 {
		t.Fatalf("%d updates within the first day", n)
	}
	e.Clock(map[string]any{"advance": "2h"})
	if w := rv.WaitFor(t, "CASH_FLOW_INSIGHTS_UPDATED"); !slices.Contains(plaidtest.Strings(w.Body["insights"]), "LOW_BALANCE_DETECTED") {
		t.Fatalf("the scheduled update: %v", w.Body)
	}
	e.Clock(map[string]any{"advance": "72h"})
	if n := sent(); n != 2 {
		t.Fatalf("%d updates after a 3-day move, want 2 in all", n)
	}
}
