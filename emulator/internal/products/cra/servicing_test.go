package cra_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestReportGet: /cra/report/get's products agree with the check report
// routes (Qualify's LendScore, Income Insights' streams, Home Lending's
// income), each matching plaid-node 47's interface; bad products, scope
// or stage are INVALID_FIELD.
func TestReportGet(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	uid := readyReport(t, e, "user_bank_income")
	got := e.Call("/cra/report/get", map[string]any{"user_id": uid, "decision_stage": "DECISIONING", "consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT",
		"products": []any{map[string]any{"product": "cra_qualify", "version": "V1"}, map[string]any{"product": "cra_income_insights", "version": "V1"},
			map[string]any{"product": "cra_home_lending", "version": "V1"}}}).OK(t)
	rep := plaidtest.Obj(got["report"])
	if rep["scope"] != "PLAID_NETWORK" || got["user_id"] != uid {
		t.Fatalf("report: %v", got)
	}
	ps := plaidtest.List(rep["products"])
	qualify, income, home := plaidtest.Obj(ps[0]), plaidtest.Obj(ps[1]), plaidtest.Obj(ps[2])
	plaidtest.CheckTyped(t, "CraReportGetQualifyResponseProduct", qualify)
	plaidtest.CheckTyped(t, "CraReportGetIncomeInsightsResponseProduct", income)
	plaidtest.CheckTyped(t, "CraReportGetHomeLendingResponseProduct", home)
	ls := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/lend_score/get", map[string]any{"user_id": uid}).OK(t)["report"])["lend_score"])
	if plaidtest.Obj(qualify["attributes"])["lend_score"] != ls["score"] || qualify["version"] != "V1" {
		t.Fatalf("qualify %v, lend score %v", qualify, ls)
	}
	ins := plaidtest.Obj(e.Call("/cra/check_report/income_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])
	if n := len(plaidtest.List(plaidtest.Obj(income["attributes"])["income_streams"])); n == 0 || n != len(plaidtest.List(ins["income_streams"])) {
		t.Fatalf("income insights product %d streams, check report %d", n, len(plaidtest.List(ins["income_streams"])))
	}
	md := plaidtest.Obj(income["metadata"])
	if md["item_count"] != 1.0 || md["oldest_transaction_date"] == nil || md["account_count"].(float64) < 1 {
		t.Fatalf("income insights metadata: %v", md)
	}
	cats := plaidtest.List(plaidtest.Obj(plaidtest.List(plaidtest.Obj(home["attributes"])["income_by_categories"])[0])["categories"])
	if len(cats) == 0 {
		t.Fatalf("home lending has no income category: %v", home)
	}
	for _, bad := range []map[string]any{
		{"products": []any{map[string]any{"product": "cra_base_report", "version": "V1"}}},
		{"products": []any{}},
		{"scope": "EVERYONE"},
		{"decision_stage": "LATER"},
	} {
		body := map[string]any{"user_id": uid, "decision_stage": "DECISIONING", "consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT",
			"products": []any{map[string]any{"product": "cra_qualify", "version": "V1"}}}
		for k, v := range bad {
			body[k] = v
		}
		e.Call("/cra/report/get", body).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
}

// TestServicingSubscriptions: create, get, list, update (webhook reset),
// delete; simulate makes a new report, pinned by the id it returns and
// announced once by CRA_REPORT_UPDATED; an error code makes none and says
// so; a DAILY subscription updates when the clock passes a day, once
// however far it moves.
func TestServicingSubscriptions(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := readyReport(t, e, "user_credit_profile_good")
	create := func(body map[string]any) plaidtest.Result {
		b := map[string]any{"user_id": uid, "scope": "CLIENT_USER", "webhook": rv.URL,
			"products": []any{map[string]any{"product": "cra_base_report", "version": "V1"}}}
		for k, v := range body {
			b[k] = v
		}
		return e.Call("/cra/servicing/subscription/create", b)
	}
	sub := create(nil).OK(t)["subscription_id"].(string)
	if !strings.HasPrefix(sub, "cra-sub-sandbox-") {
		t.Fatalf("subscription id %q", sub)
	}
	create(map[string]any{"cadence": "DAILY", "products": []any{map[string]any{"product": "cra_qualify", "version": "V1"}}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	create(map[string]any{"scope": "WORLD"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	id := e.Call("/sandbox/cra/servicing/simulate", map[string]any{"subscription_id": sub}).OK(t)["report_id"].(string)
	w := rv.WaitFor(t, "CRA_REPORT_UPDATED")
	if w.Body["report_id"] != id || w.Body["user_id"] != uid || w.Body["scope"] != "CLIENT_USER" || !strings.HasPrefix(id, "cra-report-sandbox-") {
		t.Fatalf("webhook %v for report %s", w.Body, id)
	}
	base := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid, "report_id": id}).OK(t)["report"])
	if base["report_id"] != id || base["days_requested"] != 365.0 {
		t.Fatalf("the servicing report: %v %v", base["report_id"], base["days_requested"])
	}
	e.Call("/sandbox/cra/servicing/simulate", map[string]any{"subscription_id": sub, "options": map[string]any{"error_webhook_code": "UNMATCH"}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD") // a PLAID_NETWORK code
	r := e.Call("/sandbox/cra/servicing/simulate", map[string]any{"subscription_id": sub, "options": map[string]any{"error_webhook_code": "PRODUCT_GENERATION_FAILED"}}).OK(t)
	if r["report_id"] != nil {
		t.Fatalf("an error update makes no report: %v", r)
	}
	if w := rv.WaitForN(t, "CRA_REPORT_UPDATED", 2)[1]; w.Body["error_code"] != "PRODUCT_GENERATION_FAILED" || len(plaidtest.List(w.Body["failed_products"])) != 1 {
		t.Fatalf("error webhook: %v", w.Body)
	}

	e.Call("/cra/servicing/subscription/update", map[string]any{"subscription_id": sub, "reset_fields": []string{"webhook"}}).OK(t)
	got := plaidtest.Obj(e.Call("/cra/servicing/subscription/get", map[string]any{"subscription_id": sub}).OK(t)["subscription"])
	if got["webhook"] != nil || got["user_id"] != uid {
		t.Fatalf("after reset: %v", got)
	}
	daily := create(map[string]any{"cadence": "DAILY"}).OK(t)["subscription_id"].(string)
	if n := len(plaidtest.List(e.Call("/cra/servicing/subscription/list", map[string]any{"user_id": uid}).OK(t)["subscriptions"])); n != 2 {
		t.Fatalf("list: %d subscriptions", n)
	}
	e.Clock(map[string]any{"advance": "72h"})
	rv.WaitForN(t, "CRA_REPORT_UPDATED", 3)
	if n := len(e.Webhooks("webhook_code=CRA_REPORT_UPDATED")); n != 3 {
		t.Fatalf("a 3-day move makes one daily update: %d webhooks", n)
	}
	e.Call("/cra/servicing/subscription/delete", map[string]any{"subscription_id": daily}).OK(t)
	e.Call("/cra/servicing/subscription/get", map[string]any{"subscription_id": daily}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.CallAs("other", "x", "/cra/servicing/subscription/get", map[string]any{"subscription_id": sub}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestLoansAndCreditProfile: loans and applications are kept all or
// nothing (a duplicate loan_id refuses the whole request), counted by
// Network Insights and the credit profile, listed on the user's page;
// update and unregister need a registered loan; the older PDF route
// answers a legacy user.
func TestLoansAndCreditProfile(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	uid := readyReport(t, e, "user_credit_profile_good")
	loan := func(id string) map[string]any {
		return map[string]any{"user_token": uid, "loan_id": id, "type": "PERSONAL", "payment_schedule": "MONTHLY", "opened_date": "2026-05-01",
			"opened_with_status": map[string]any{"status": "BOOKED", "date": "2026-05-01"}, "loan_amount": 5000}
	}
	e.Call("/cra/loans/register", map[string]any{"loans": []any{loan("L1"), loan("L2")}}).OK(t)
	e.Call("/cra/loans/register", map[string]any{"loans": []any{loan("L3"), loan("L1")}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/cra/loans/update", map[string]any{"loans": []any{map[string]any{"loan_id": "L1", "status_history": []any{map[string]any{"status": "CURRENT", "date": "2026-05-20"}},
		"payment_history": []any{map[string]any{"period": 1, "due_date": "2026-05-31", "days_past_due": 0}}}}}).OK(t)
	e.Call("/cra/loans/update", map[string]any{"loans": []any{map[string]any{"loan_id": "L9"}}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/cra/loans/unregister", map[string]any{"loans": []any{map[string]any{"loan_id": "L2", "closed_with_status": map[string]any{"status": "PAID_OFF", "date": "2026-05-30"}}}}).OK(t)
	e.Call("/cra/loans/unregister", map[string]any{"loans": []any{map[string]any{"loan_id": "L2", "closed_with_status": map[string]any{"status": "PAID_OFF", "date": "2026-05-30"}}}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/cra/loans/applications/register", map[string]any{"applications": []any{map[string]any{"user_token": uid, "application_id": "A1", "type": "AUTO",
		"decision": "DECLINED", "decision_date": "2026-05-02"}}}).OK(t)
	e.Call("/cra/loans/register", map[string]any{"loans": []any{func() map[string]any { l := loan("L5"); l["user_token"] = "user-sandbox-nobody"; return l }()}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")

	ni := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/network_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])["network_attributes"])
	if ni["plaid_conn_user_lifetime_lending_count"] != 2.0 {
		t.Fatalf("two loans registered (one closed): %v", ni)
	}
	prof := e.Call("/cra/credit_profile/report/get", map[string]any{"user_id": uid, "consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT",
		"client_report_id": "cr-1", "report_type": "QUALIFY", "inquiry_type": "SOFT_INQUIRY", "version": "v1"}).OK(t)
	rep := plaidtest.Obj(prof["report"])
	if plaidtest.Obj(rep["network_insights_attributes"])["plaid_conn_user_lifetime_lending_count"] != 2.0 || rep["client_report_id"] != "cr-1" ||
		plaidtest.Obj(rep["metadata"])["item_count"] != 1.0 || plaidtest.Obj(plaidtest.List(rep["lend_scores"])[0])["score"] == nil {
		t.Fatalf("credit profile: %v", rep)
	}
	page := e.Do("GET", "/_emulator/cra/"+uid, nil, nil)
	if page.Status != 200 || len(plaidtest.List(page.Body["loans"])) != 2 || len(plaidtest.List(page.Body["applications"])) != 1 {
		t.Fatalf("user page: %s", page.Raw)
	}

	legacy := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	tok := e.Do("POST", "/user/create", legacy, map[string]any{"client_user_id": "older-pdf"}).OK(t)["user_token"].(string)
	e.Call("/consumer_report/pdf/get", map[string]any{"user_token": tok}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_NOT_FOUND")
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
		"user_token": tok, "options": map[string]any{"override_username": "user_bank_income", "override_password": "{}"}}).OK(t)
	e.Call("/cra/check_report/create", map[string]any{"user_token": tok, "webhook": "http://127.0.0.1:9/hook", "days_requested": 365,
		"consumer_report_permissible_purpose": "ACCOUNT_REVIEW_CREDIT"}).OK(t)
	resp, pdf := e.Send(e.Client, "/consumer_report/pdf/get", plaidtest.MustJSON(map[string]any{"user_token": tok}))
	if resp.StatusCode != 200 || !strings.Contains(string(pdf), "Income") {
		t.Fatalf("older pdf: %d", resp.StatusCode)
	}
	plaidtest.CheckPDF(t, pdf)
}
