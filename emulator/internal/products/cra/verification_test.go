package cra_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// readyReport makes a user with persona's Item and a ready report (frozen clock).
func readyReport(t *testing.T, e *plaidtest.Env, persona string) string {
	uid := newUser(t, e, persona)
	linkFor(t, e, uid, persona)
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": "http://127.0.0.1:9/hook", "days_requested": 365,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": []string{"cra_partner_insights"}}).OK(t)
	return uid
}

// TestVerificationReports: the VOA's accounts agree with the Base Report
// (today's balance is the current one, and walking back through one
// day's posted transactions gives the day before), the employment refresh
// holds only the earned-income deposits Income Insights shows, and the
// income report has Income Insights' streams; bad combinations are
// INVALID_FIELD in words.
func TestVerificationReports(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	uid := readyReport(t, e, "user_bank_income")
	got := e.Call("/cra/check_report/verification/get", map[string]any{"user_id": uid, "reports_requested": []string{"VOA", "EMPLOYMENT_REFRESH", "INCOME"},
		"employment_refresh_options": map[string]any{"days_requested": 60}}).OK(t)
	rep := plaidtest.Obj(got["report"])
	base := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)["report"])
	if rep["report_id"] != base["report_id"] || rep["gse_reference_id"] == "" {
		t.Fatalf("verification report id %v, base %v", rep["report_id"], base["report_id"])
	}
	voa := plaidtest.Obj(rep["voa"])
	if plaidtest.Obj(voa["attributes"])["total_inflow_amount"].(map[string]any)["amount"] != plaidtest.Obj(base["attributes"])["total_inflow_amount"].(map[string]any)["amount"] {
		t.Fatalf("VOA inflow %v, base %v", voa["attributes"], base["attributes"])
	}
	baseAcct := plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(base["items"])[0])["accounts"])[0])
	acct := plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(voa["items"])[0])["accounts"])[0])
	bal := plaidtest.Obj(acct["balances"])
	hist := plaidtest.List(bal["historical_balances"])
	today, yesterday := plaidtest.Obj(hist[0]), plaidtest.Obj(hist[1])
	if today["current"] != plaidtest.Obj(baseAcct["balances"])["current"] {
		t.Fatalf("today's balance %v, current %v", today, baseAcct["balances"])
	}
	posted := 0.0
	for _, x := range plaidtest.List(plaidtest.Obj(acct["transactions_insights"])["all_transactions"]) {
		if tx := plaidtest.Obj(x); tx["date"] == today["date"] && tx["pending"] == false {
			posted += tx["amount"].(float64)
		}
	}
	if math.Abs(yesterday["current"].(float64)-(today["current"].(float64)+posted)) > 0.005 {
		t.Fatalf("yesterday %v, today %v, posted today %v", yesterday["current"], today["current"], posted)
	}
	ins := plaidtest.Obj(e.Call("/cra/check_report/income_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])
	earned := map[any]bool{}
	for _, s := range plaidtest.List(ins["income_streams"]) {
		if plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(s)["insights"])["income_category"])["primary"] == "EARNED_INCOME" {
			for _, x := range plaidtest.List(plaidtest.Obj(s)["transactions"]) {
				earned[plaidtest.Obj(x)["transaction_id"]] = true
			}
		}
	}
	refreshed := 0
	for _, it := range plaidtest.List(plaidtest.Obj(rep["employment_refresh"])["items"]) {
		for _, a := range plaidtest.List(plaidtest.Obj(it)["accounts"]) {
			for _, x := range plaidtest.List(plaidtest.Obj(a)["transactions"]) {
				if refreshed++; !earned[plaidtest.Obj(x)["transaction_id"]] {
					t.Fatalf("employment refresh shows %v, not an earned-income deposit", x)
				}
			}
		}
	}
	if refreshed == 0 || refreshed >= len(earned) && len(earned) > 6 {
		t.Fatalf("60 days of a year's %d paychecks: %d", len(earned), refreshed)
	}
	if n := len(plaidtest.List(plaidtest.Obj(rep["income"])["income_streams"])); n != len(plaidtest.List(ins["income_streams"])) || n == 0 {
		t.Fatalf("income report streams %d, Income Insights %d", n, len(plaidtest.List(ins["income_streams"])))
	}
	for _, bad := range []map[string]any{
		{"user_id": uid, "reports_requested": []string{}},
		{"user_id": uid, "reports_requested": []string{"EMPLOYMENT_REFRESH"}},
		{"user_id": uid, "reports_requested": []string{"W2"}},
	} {
		e.Call("/cra/check_report/verification/get", bad).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
	resp, pdf := e.Send(e.Client, "/cra/check_report/verification/pdf/get", plaidtest.MustJSON(map[string]any{"user_id": uid, "reports_requested": []string{"voa", "income"}}))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || resp.Header.Get("Plaid-Request-ID") == "" {
		t.Fatalf("verification pdf: %d %v", resp.StatusCode, resp.Header)
	}
	plaidtest.CheckPDF(t, pdf)
	e.Call("/cra/check_report/verification/pdf/get", map[string]any{"user_id": uid, "reports_requested": []string{"voa", "employment_refresh"}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	resp, _ = e.Send(e.Client, "/cra/check_report/verification/pdf/get", plaidtest.MustJSON(map[string]any{"user_id": uid, "report_requested": "employment_refresh"}))
	if resp.StatusCode != 200 {
		t.Fatalf("the deprecated report_requested: %d", resp.StatusCode)
	}
}

// TestPartnerInsights: Prism and UltraFICO follow the cash flow (a poor
// profile scores below an excellent one from the same base FICO score),
// prism_versions picks the models, and the older route answers a legacy
// user's token with a list.
func TestPartnerInsights(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	fico := map[string]any{"fico_lender_id": "lender-1", "lender_application_id": "app-1", "ultrafico_score_requests": []any{map[string]any{
		"ultrafico_score_version": "1.0", "fico_scoring_request_id": "req-1",
		"base_fico_score": map[string]any{"bureau": "EXPERIAN", "score": 680, "base_fico_score_version": "8"}}}}
	ultra := func(persona string) (float64, map[string]any) {
		uid := readyReport(t, e, persona)
		rep := plaidtest.Obj(e.Call("/cra/check_report/partner_insights/get", map[string]any{"user_id": uid,
			"partner_insights": map[string]any{"fico": fico, "prism_versions": map[string]any{"cashscore": "4", "extend": nil}}}).OK(t)["report"])
		f := plaidtest.Obj(rep["fico"])
		res := plaidtest.Obj(plaidtest.List(f["ultrafico_score_results"])[0])
		if res["fico_scoring_request_id"] != "req-1" || f["lender_application_id"] != "app-1" {
			t.Fatalf("fico result: %v", f)
		}
		return plaidtest.Obj(res["ultrafico_score"])["score"].(float64), plaidtest.Obj(rep["prism"])
	}
	good, prism := ultra("user_credit_profile_excellent")
	poor, _ := ultra("user_credit_profile_poor")
	if good <= poor || poor < 300 || good > 850 {
		t.Fatalf("UltraFICO excellent %v, poor %v (base 680)", good, poor)
	}
	if prism["cash_score"] == nil || prism["extend"] != nil || prism["detect"] != nil || prism["status"] != "SUCCESS" {
		t.Fatalf("prism_versions asked cashscore only: %v", prism)
	}
	legacy := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	tok := e.Do("POST", "/user/create", legacy, map[string]any{"client_user_id": "older"}).OK(t)["user_token"].(string)
	e.Call("/cra/partner_insights/get", map[string]any{"user_token": tok}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_NOT_FOUND")
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
		"user_token": tok, "options": map[string]any{"override_username": "user_credit_profile_good", "override_password": "x"}}).OK(t)
	e.Call("/cra/check_report/create", map[string]any{"user_token": tok, "webhook": "http://127.0.0.1:9/hook", "days_requested": 365,
		"consumer_report_permissible_purpose": "ACCOUNT_REVIEW_CREDIT"}).OK(t)
	list := plaidtest.List(e.Call("/cra/partner_insights/get", map[string]any{"user_token": tok}).OK(t)["report"])
	if len(list) != 1 || plaidtest.Obj(plaidtest.Obj(list[0])["prism"])["cash_score"] == nil {
		t.Fatalf("older partner insights: %v", list)
	}
}
