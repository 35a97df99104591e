package cra_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func newUser(t *testing.T, e *plaidtest.Env, name string) string {
	r := e.Call("/user/create", map[string]any{"client_user_id": name})
	id, ok := r.Body["user_id"].(string)
	if !ok {
		t.Fatalf("user/create: %d %s", r.Status, r.Raw)
	}
	return id
}

func linkFor(t *testing.T, e *plaidtest.Env, uid, username string) {
	password := map[string]string{"user_good": "pass_good", "user_bank_income": "{}"}[username]
	if password == "" {
		password = "x"
	}
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
		"user_id": uid, "options": map[string]any{"override_username": username, "override_password": password}}).OK(t)
}

// TestCheckReportLifecycle, on a frozen clock: a report is READY at once
// (USER_CHECK_REPORT_READY for a new-API user, naming its Items), its Base
// Report's attributes add up its transactions, which are the Item's rows;
// it expires 24 hours later; a new create makes a new report; a user with
// no Item gets FAILED and DATA_UNAVAILABLE; one with no report ever
// CONSUMER_REPORT_NOT_FOUND; another client's user is not found.
func TestCheckReportLifecycle(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "check")
	linkFor(t, e, uid, "user_credit_profile_good")
	create := func(user string) plaidtest.Result {
		return e.Call("/cra/check_report/create", map[string]any{"user_id": user, "webhook": rv.URL, "days_requested": 90,
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": []string{"cra_income_insights"}})
	}
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_NOT_FOUND")
	create(uid).OK(t)
	ready := rv.WaitFor(t, "USER_CHECK_REPORT_READY")
	if ready.Body["user_id"] != uid || len(plaidtest.List(ready.Body["item_ids"])) != 1 {
		t.Fatalf("ready webhook: %v", ready.Body)
	}
	got := e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)
	rep := plaidtest.Obj(got["report"])
	if rep["days_requested"] != 180.0 || len(plaidtest.List(rep["items"])) != 1 {
		t.Fatalf("a report of 180 days (90 asked) over one Item: %v", rep["days_requested"])
	}
	var in, out float64
	n := 0
	for _, a := range plaidtest.List(plaidtest.Obj(plaidtest.List(rep["items"])[0])["accounts"]) {
		for _, x := range plaidtest.List(plaidtest.Obj(a)["transactions"]) {
			tx := plaidtest.Obj(x)
			if tx["pending"] == true {
				continue
			}
			if amt := tx["amount"].(float64); amt < 0 {
				in -= amt
			} else {
				out += amt
			}
			n++
		}
	}
	attrs := plaidtest.Obj(rep["attributes"])
	if n == 0 || math.Abs(plaidtest.Obj(attrs["total_inflow_amount"])["amount"].(float64)-in) > 0.01 ||
		math.Abs(plaidtest.Obj(attrs["total_outflow_amount"])["amount"].(float64)-out) > 0.01 {
		t.Fatalf("attributes %v do not add up %d transactions (in %.2f, out %.2f)", attrs, n, in, out)
	}
	first := rep["report_id"]
	if r := e.Clock(map[string]any{"advance": "24h"}); r.Status != 200 {
		t.Fatalf("clock: %s", r.Raw)
	}
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_EXPIRED")
	create(uid).OK(t)
	if again := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)["report"]); again["report_id"] == first {
		t.Fatal("a new create makes a new report")
	} else {
		pinned := func(id any) plaidtest.Result {
			return e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid, "report_id": id, "consumer_report_permissible_purpose": "ACCOUNT_REVIEW_CREDIT"})
		}
		if plaidtest.Obj(pinned(again["report_id"]).OK(t)["report"])["report_id"] != again["report_id"] {
			t.Fatal("report_id pins the report")
		}
		pinned(first).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_EXPIRED")
		pinned("no-such-report").PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "CONSUMER_REPORT_NOT_FOUND")
	}
	bare := newUser(t, e, "bare")
	create(bare).OK(t)
	if w := rv.WaitFor(t, "USER_CHECK_REPORT_FAILED"); w.Body["user_id"] != bare {
		t.Fatalf("failed webhook: %v", w.Body)
	}
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": bare}).PlaidErr(t, 400, "CHECK_REPORT_ERROR", "DATA_UNAVAILABLE")
	e.CallAs("other", "x", "/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": rv.URL, "days_requested": 90,
		"consumer_report_permissible_purpose": "BECAUSE"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestCheckReportLegacyUser: a legacy user (user_token; plaid-go v20 has
// no Consumer Report methods, so JSON): create, CHECK_REPORT_READY (the
// legacy code), the Base Report and the PDF.
func TestCheckReportLegacyUser(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	legacy := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	tok := e.Do("POST", "/user/create", legacy, map[string]any{"client_user_id": "legacy-cra"}).OK(t)["user_token"].(string)
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
		"user_token": tok, "options": map[string]any{"override_username": "user_credit_profile_excellent", "override_password": "x"}}).OK(t)
	e.Call("/cra/check_report/create", map[string]any{"user_token": tok, "webhook": rv.URL, "days_requested": 365,
		"consumer_report_permissible_purpose": "ACCOUNT_REVIEW_CREDIT"}).OK(t)
	rv.WaitFor(t, "CHECK_REPORT_READY")
	rep := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_token": tok}).OK(t)["report"])
	items := plaidtest.List(rep["items"])
	if rep["days_requested"] != 365.0 || len(items) != 1 || len(plaidtest.List(plaidtest.Obj(items[0])["accounts"])) == 0 {
		t.Fatalf("base report: %v", rep)
	}
	resp, pdf := e.Send(e.Client, "/cra/check_report/pdf/get", plaidtest.MustJSON(map[string]any{"user_token": tok}))
	if resp.StatusCode != 200 || resp.Header.Get("Plaid-Request-ID") == "" {
		t.Fatalf("pdf: %d %v", resp.StatusCode, resp.Header)
	}
	plaidtest.CheckPDF(t, pdf)
}

// TestCheckReportOnARunningClock: GENERATING answers PRODUCT_NOT_READY,
// then the webhook comes by itself (no read needed) and the report reads.
func TestCheckReportOnARunningClock(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "running")
	linkFor(t, e, uid, "user_good")
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": rv.URL, "days_requested": 200,
		"consumer_report_permissible_purpose": "ACCOUNT_REVIEW_NON_CREDIT"}).OK(t)
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CONSUMER_REPORT_ERROR", "PRODUCT_NOT_READY")
	rv.WaitFor(t, "USER_CHECK_REPORT_READY")
	if n := len(rv.Deliveries()); n != 1 {
		t.Fatalf("one webhook per report, got %d", n)
	}
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)
}

// TestCheckReportFromLink: Link with cra_base_report and a permissible
// purpose starts a report of the session's Item when it ends; CRA
// products without a purpose, or without a user, are refused.
func TestCheckReportFromLink(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "link")
	lt := e.LinkToken(map[string]any{"user_id": uid, "products": []string{"cra_base_report", "cra_income_insights"}, "webhook": rv.URL,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "cra_options": map[string]any{"days_requested": 365}})
	e.CompleteLink(map[string]any{"link_token": lt, "institution_id": "ins_109508", "username": "user_credit_bonus", "password": "x"}).OK(t)
	if w := rv.WaitFor(t, "USER_CHECK_REPORT_READY"); len(plaidtest.List(w.Body["successful_products"])) != 2 {
		t.Fatalf("ready webhook: %v", w.Body)
	}
	rep := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)["report"])
	if rep["days_requested"] != 365.0 {
		t.Fatalf("days: %v", rep["days_requested"])
	}
	base := map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"}, "user_id": uid}
	noPurpose := map[string]any{"products": []string{"cra_base_report"}}
	noUser := map[string]any{"products": []string{"cra_base_report"}, "consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "user_id": nil}
	for _, extra := range []map[string]any{noPurpose, noUser} {
		body := map[string]any{}
		for k, v := range base {
			body[k] = v
		}
		for k, v := range extra {
			body[k] = v
		}
		if r := e.Call("/link/token/create", body); r.Status != 400 {
			t.Fatalf("%v: %d %s", extra, r.Status, r.Raw)
		}
	}
}

// TestCheckReportSurvivesRestart: a report whose generation a stop cuts
// short (--state) finishes after the restart by itself, its webhook sent
// exactly once, and reads READY.
func TestCheckReportSurvivesRestart(t *testing.T) {
	var mu sync.Mutex
	var codes []string
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			Code string `json:"webhook_code"`
		}
		_ = json.NewDecoder(r.Body).Decode(&b)
		mu.Lock()
		codes = append(codes, b.Code)
		mu.Unlock()
	}))
	defer hooks.Close()
	got := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(codes) }
	path := filepath.Join(t.TempDir(), "state.db")
	keep := func(o *emulator.Options) { o.StateFile = path }
	e := plaidtest.New(t, keep)
	uid := newUser(t, e, "restart")
	linkFor(t, e, uid, "user_credit_profile_good")
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": hooks.URL, "days_requested": 180,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).OK(t)
	if err := e.Srv.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(got()); n != 0 {
		t.Fatalf("the webhook went before the stop: %v", got())
	}
	e2 := plaidtest.New(t, keep)
	deadline := time.Now().Add(10 * time.Second)
	for len(got()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if c := got(); len(c) != 1 || c[0] != "USER_CHECK_REPORT_READY" {
		t.Fatalf("after the restart: %v", c)
	}
	e2.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)
	if c := got(); len(c) != 1 {
		t.Fatalf("a read sends no second webhook: %v", c)
	}
}

// TestIncomeInsights: user_credit_profile_good's three gig streams are
// its Income Insights (EARNED_INCOME.GIG_ECONOMY, weekly, active), each
// stream's transactions its deposits, the user's monthly income their
// sum; a filter excluding earned income leaves none, one including
// everything adds user_bank_income's rental and benefits.
func TestIncomeInsights(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	uid := newUser(t, e, "insights")
	linkFor(t, e, uid, "user_credit_profile_good")
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": "http://127.0.0.1:9/hook", "days_requested": 180,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": []string{"cra_income_insights"}}).OK(t)
	get := func(filter map[string]any) map[string]any {
		body := map[string]any{"user_id": uid}
		if filter != nil {
			body["options"] = map[string]any{"income_insights_version": "II2", "income_insights_filter": filter}
		}
		return plaidtest.Obj(e.Call("/cra/check_report/income_insights/get", body).OK(t)["report"])
	}
	rep := get(nil)
	streams := plaidtest.List(rep["income_streams"])
	var sum float64
	for _, s := range streams {
		st := plaidtest.Obj(s)
		in := plaidtest.Obj(st["insights"])
		if plaidtest.Obj(in["income_category"])["secondary"] != "GIG_ECONOMY" || in["pay_frequency"] != "WEEKLY" || in["status"] != "ACTIVE" {
			t.Fatalf("stream %v", st)
		}
		sum += plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(st["income_metrics"])["current"])["monthly"])["net_income"].(float64)
		if len(plaidtest.List(st["transactions"])) < 20 {
			t.Fatalf("a weekly stream over 180 days: %v", st["transactions"])
		}
	}
	user := plaidtest.Obj(plaidtest.Obj(plaidtest.List(plaidtest.Obj(rep["user_summary"])["income_metrics"])[0])["current"])["monthly"]
	if len(streams) != 3 || math.Abs(plaidtest.Obj(user)["net_income"].(float64)-sum) > 0.05 {
		t.Fatalf("three gig streams summing to the user's income: %d streams, %v vs %.2f", len(streams), user, sum)
	}
	if n := len(plaidtest.List(get(map[string]any{"included_categories": []string{"*"}, "excluded_categories": []string{"EARNED_INCOME.*"}})["income_streams"])); n != 0 {
		t.Fatalf("excluded wins: %d streams", n)
	}
	other := newUser(t, e, "insights-2")
	linkFor(t, e, other, "user_bank_income")
	e.Call("/cra/check_report/create", map[string]any{"user_id": other, "webhook": "http://127.0.0.1:9/hook", "days_requested": 180,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).OK(t)
	cats := map[string]bool{}
	all := plaidtest.Obj(e.Call("/cra/check_report/income_insights/get", map[string]any{"user_id": other,
		"options": map[string]any{"income_insights_version": "II2", "income_insights_filter": map[string]any{"included_categories": []string{"*"}}}}).OK(t)["report"])
	for _, s := range plaidtest.List(all["income_streams"]) {
		c := plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(s)["insights"])["income_category"])
		cats[c["primary"].(string)+"."+c["secondary"].(string)] = true
	}
	for _, want := range []string{"EARNED_INCOME.SALARY", "PASSIVE_INCOME.RENTAL", "BENEFITS.DISABILITY", "BENEFITS.CHILD_SUPPORT"} {
		if !cats[want] {
			t.Errorf("user_bank_income lacks %s: %v", want, cats)
		}
	}
}

// TestScores: LendScore, Network and Cash Flow Insights come from the
// report's cash flow: the excellent persona outscores the poor one (whose
// outflows exceed its inflows, PCS0221), and the cash flow attributes are
// the Base Report's.
func TestScores(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	score := func(persona string) (float64, []string, string) {
		uid := newUser(t, e, persona)
		linkFor(t, e, uid, persona)
		e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": "http://127.0.0.1:9/hook", "days_requested": 180,
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": []string{"cra_lend_score"}}).OK(t)
		ls := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/lend_score/get", map[string]any{"user_id": uid}).OK(t)["report"])["lend_score"])
		return ls["score"].(float64), plaidtest.Strings(ls["reason_codes"]), uid
	}
	good, _, uid := score("user_credit_profile_excellent")
	poor, reasons, _ := score("user_credit_profile_poor")
	if good <= poor || good < 1 || good > 99 || poor < 1 || len(reasons) == 0 || reasons[0] != "PCS0221" {
		t.Fatalf("excellent %v, poor %v %v", good, poor, reasons)
	}
	base := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)["report"])["attributes"])
	cf := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/cashflow_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])["attributes"])
	if cf["total_inflow_amount"] != plaidtest.Obj(base["total_inflow_amount"])["amount"] {
		t.Fatalf("cash flow %v, base %v", cf, base)
	}
	ni := plaidtest.Obj(e.Call("/cra/check_report/network_insights/get", map[string]any{"user_id": uid}).OK(t)["report"])
	if len(plaidtest.List(ni["items"])) != 1 {
		t.Fatalf("network insights: %v", ni)
	}
}

// TestCRAAdminView: /_emulator/cra/{user_id} lists the user's reports with
// their state now (READY on a frozen clock, EXPIRED a day later).
func TestCRAAdminView(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	uid := newUser(t, e, "view")
	linkFor(t, e, uid, "user_good")
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": "http://127.0.0.1:9/hook", "days_requested": 180,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).OK(t)
	state := func() any {
		r := e.Do("GET", "/_emulator/cra/"+uid, nil, nil)
		reps := plaidtest.List(r.Body["check_reports"])
		if r.Status != 200 || len(reps) != 1 {
			t.Fatalf("view: %d %s", r.Status, r.Raw)
		}
		return plaidtest.Obj(reps[0])["state"]
	}
	if s := state(); s != "READY" {
		t.Fatalf("on a frozen clock: %v", s)
	}
	e.Clock(map[string]any{"advance": "25h"})
	if s := state(); s != "EXPIRED" {
		t.Fatalf("a day later: %v", s)
	}
}
