package cra_test

import (
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestCheckReportFixtureExample loads docs/fixtures.md's Consumer Report
// example (testdata/fixtures/cra.yaml) on a running clock: the scripted
// report generates for 30 seconds, is ready without Partner Insights
// (listed as failed in its webhook, PRODUCT_GENERATION_FAILED on read),
// with the scripted LendScore and attributes over the derived ones, and
// expires after 2 hours; the failing persona's report fails with its code,
// in the webhook and on read; the blocked persona's create is refused.
func TestCheckReportFixtureExample(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFixtureDir(plaidtest.Repo("emulator/internal/products/cra/testdata/fixtures")))
	rv := plaidtest.NewReceiver(e)
	create := func(persona string) string {
		uid := newUser(t, e, persona)
		e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
			"user_id": uid, "options": map[string]any{"override_username": persona, "override_password": "x"}}).OK(t)
		e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": rv.URL, "days_requested": 365,
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": []string{"cra_lend_score", "cra_partner_insights"}}).OK(t)
		return uid
	}
	advance := func(d string) {
		if r := e.Clock(map[string]any{"advance": d}); r.Status != 200 {
			t.Fatalf("clock: %d %s", r.Status, r.Raw)
		}
	}
	uid := create("user_check_scripted")
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "PRODUCT_NOT_READY")
	advance("10s")
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "PRODUCT_NOT_READY")
	advance("25s")
	ready := rv.WaitFor(t, "USER_CHECK_REPORT_READY")
	if failed := plaidtest.Strings(ready.Body["failed_products"]); !slices.Equal(failed, []string{"cra_partner_insights"}) ||
		slices.Contains(plaidtest.Strings(ready.Body["successful_products"]), "cra_partner_insights") {
		t.Fatalf("ready webhook: %v", ready.Body)
	}
	e.Call("/cra/check_report/partner_insights/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CHECK_REPORT_ERROR", "PRODUCT_GENERATION_FAILED")
	ls := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/lend_score/get", map[string]any{"user_id": uid}).OK(t)["report"])["lend_score"])
	if ls["score"] != 72.0 || !slices.Equal(plaidtest.Strings(ls["reason_codes"]), []string{"PCS0221", "PCS0223"}) {
		t.Fatalf("scripted lend score: %v", ls)
	}
	ni := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/network_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])["network_attributes"])
	cf := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/cashflow_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])["attributes"])
	if ni["plaid_conn_user_lifetime_lending_count"] != 5.0 || ni["plaid_conn_user_item_count"] != 1.0 ||
		cf["average_monthly_net_cash_flow"] != 950.25 || cf["total_inflow_amount"].(float64) < 2600 {
		t.Fatalf("scripted over derived: network %v, cash flow %v", ni, cf)
	}
	advance("2h")
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_EXPIRED")

	bad := create("user_check_failing")
	advance("3s")
	failed := rv.WaitFor(t, "USER_CHECK_REPORT_FAILED")
	if failed.Body["user_id"] != bad || plaidtest.Obj(failed.Body["error"])["error_code"] != "PRODUCT_GENERATION_FAILED" {
		t.Fatalf("failed webhook: %v", failed.Body)
	}
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": bad}).PlaidErr(t, 400, "CHECK_REPORT_ERROR", "PRODUCT_GENERATION_FAILED")

	blocked := newUser(t, e, "blocked")
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
		"user_id": blocked, "options": map[string]any{"override_username": "user_check_blocked", "override_password": "x"}}).OK(t)
	e.Call("/cra/check_report/create", map[string]any{"user_id": blocked, "webhook": rv.URL, "days_requested": 365,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).PlaidErr(t, 400, "CHECK_REPORT_ERROR", "USER_ON_IDENTITY_THEFT_OR_FRAUD_BLOCK")
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": blocked}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_NOT_FOUND")
}
