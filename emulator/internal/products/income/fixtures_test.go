package income_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// TestIncomeFixtureExample loads docs/fixtures.md's income example
// (testdata/fixtures/income.yaml): the gig worker's deposits are its Bank
// Income streams and its rent is not; the payroll login's rule gives its
// employer, pay and W-2s after its processing delay, and its refresh asks
// for the user; the failing rule fails.
func TestIncomeFixtureExample(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFixtureDir(plaidtest.Repo("emulator/internal/products/income/testdata/fixtures")))
	rv := plaidtest.NewReceiver(e)
	user := func(name string) string {
		r := e.Call("/user/create", map[string]any{"client_user_id": name})
		id, ok := r.Body["user_id"].(string)
		if !ok {
			t.Fatalf("user/create: %d %s", r.Status, r.Raw)
		}
		return id
	}
	link := func(uid, inst, username, source string) {
		e.Call("/sandbox/public_token/create", map[string]any{"institution_id": inst, "initial_products": []string{"income_verification"}, "user_id": uid,
			"options": map[string]any{"override_username": username, "override_password": "test", "webhook": rv.URL,
				"income_verification": map[string]any{"income_source_types": []string{source}}}}).OK(t)
	}
	gig := user("gig")
	link(gig, "ins_109508", "user_gig_worker", "bank")
	rep := plaidtest.Obj(plaidtest.List(e.Call("/credit/bank_income/get", map[string]any{"user_id": gig}).OK(t)["bank_income"])[0])
	sources := map[string]string{}
	for _, s := range plaidtest.List(plaidtest.Obj(plaidtest.List(rep["items"])[0])["bank_income_sources"]) {
		sources[plaidtest.Obj(s)["income_description"].(string)] = plaidtest.Obj(s)["income_category"].(string) + " " + plaidtest.Obj(s)["pay_frequency"].(string)
	}
	if len(sources) != 2 || sources["Weyland-Yutani Direct Dep"] != "SALARY BIWEEKLY" || sources["UBER PAYMENTS"] != "GIG_ECONOMY WEEKLY" {
		t.Fatalf("the gig worker's streams: %v", sources)
	}

	eng := user("engineer")
	link(eng, "ins_92", "payroll_engineer", "payroll")
	e.Call("/credit/employment/get", map[string]any{"user_id": eng}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "PRODUCT_NOT_READY")
	e.Call("/credit/payroll_income/get", map[string]any{"user_id": eng}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "PRODUCT_NOT_READY")
	if r := e.Clock(map[string]any{"advance": "2m"}); r.Status != 200 {
		t.Fatalf("clock: %d %s", r.Status, r.Raw)
	}
	rv.WaitFor(t, "USER_INCOME_VERIFICATION")
	item := plaidtest.Obj(plaidtest.List(e.Call("/credit/payroll_income/get", map[string]any{"user_id": eng}).OK(t)["items"])[0])
	pi := plaidtest.Obj(plaidtest.List(item["payroll_income"])[0])
	stubs := plaidtest.List(pi["pay_stubs"])
	first := plaidtest.Obj(stubs[0])
	pp := plaidtest.Obj(first["pay_period_details"])
	if len(stubs) != 4 || len(plaidtest.List(pi["w2s"])) != 2 || plaidtest.Obj(first["employer"])["name"] != "Initech" ||
		pp["pay_frequency"] != "SEMI_MONTHLY" || pp["gross_earnings"] != 6250.0 || pp["pay_amount"] != 4750.0 {
		t.Fatalf("the rule's pay: %d stubs, %v", len(stubs), first)
	}
	if rate := plaidtest.Obj(plaidtest.Obj(plaidtest.List(item["accounts"])[0])["rate_of_pay"]); rate["pay_amount"] != 150000.0 {
		t.Fatalf("rate of pay: %v", rate)
	}
	emp := plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(e.Call("/credit/employment/get", map[string]any{"user_id": eng}).OK(t)["items"])[0])["employments"])[0])
	if emp["title"] != "Staff Engineer" || emp["start_date"] != "2021-03-01" {
		t.Fatalf("employment: %v", emp)
	}
	if r := e.Call("/credit/payroll_income/refresh", map[string]any{"user_id": eng}).OK(t); r["verification_refresh_status"] != "USER_PRESENCE_REQUIRED" {
		t.Fatalf("refresh: %v", r)
	}
	if w := rv.WaitFor(t, "USER_INCOME_VERIFICATION_REFRESH_RECONNECT_NEEDED"); w.Body["user_id"] != eng || w.Body["item_id"] != nil {
		t.Fatalf("reconnect webhook: %v", w.Body)
	}

	failing := user("failing")
	link(failing, "ins_92", "payroll_failing", "payroll")
	e.Call("/credit/payroll_income/get", map[string]any{"user_id": failing}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_FAILED")
}

// TestUserCustomIncome: a user_custom login's income rows (negative
// amounts, "<Employer> Direct Dep", and an inflow_model's salary) are its
// Bank Income sources, as Plaid's docs for Credit personas describe.
func TestUserCustomIncome(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)))
	uid := e.Call("/user/create", map[string]any{"client_user_id": "custom"}).Body["user_id"].(string)
	custom := `{"override_accounts": [{"type": "depository", "subtype": "checking", "starting_balance": 900,
		"transactions": [
			{"date_transacted": "2026-10-03", "date_posted": "2026-10-03", "amount": -2150, "description": "Weyland-Yutani Direct Dep", "currency": "USD"},
			{"date_transacted": "2026-10-17", "date_posted": "2026-10-17", "amount": -2150, "description": "Weyland-Yutani Direct Dep", "currency": "USD"},
			{"date_transacted": "2026-10-31", "date_posted": "2026-10-31", "amount": -2150, "description": "Weyland-Yutani Direct Dep", "currency": "USD"},
			{"date_transacted": "2026-11-02", "date_posted": "2026-11-02", "amount": 64.2, "description": "Corner Grocery", "currency": "USD"}],
		"inflow_model": {"type": "monthly-income", "income_amount": 800, "payment_day_of_month": 15, "transaction_name": "NOSTROMO PAYROLL"}}]}`
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"income_verification"}, "user_id": uid,
		"options": map[string]any{"override_username": "user_custom", "override_password": custom,
			"income_verification": map[string]any{"income_source_types": []string{"bank"}, "bank_income": map[string]any{"days_requested": 90}}}}).OK(t)
	rep := plaidtest.Obj(plaidtest.List(e.Call("/credit/bank_income/get", map[string]any{"user_id": uid}).OK(t)["bank_income"])[0])
	got := map[string]string{}
	for _, s := range plaidtest.List(plaidtest.Obj(plaidtest.List(rep["items"])[0])["bank_income_sources"]) {
		src := plaidtest.Obj(s)
		got[src["income_description"].(string)] = fmt.Sprintf("%s %s %v", src["income_category"], src["pay_frequency"], src["total_amount"])
	}
	if got["Weyland-Yutani Direct Dep"] != "SALARY BIWEEKLY 6450" || !strings.HasPrefix(got["NOSTROMO PAYROLL"], "SALARY MONTHLY") || len(got) != 2 {
		t.Fatalf("user_custom income sources: %v", got)
	}
}

// TestIncomeScenarios: the module's scenarios give Income's scripted
// errors with their types and statuses, then reads go through again.
func TestIncomeScenarios(t *testing.T) {
	scs, err := scenarios.Load(os.DirFS("testdata/scenarios"), emulator.KnownCode)
	if err != nil {
		t.Fatal(err)
	}
	e := plaidtest.New(t, func(o *emulator.Options) { o.Scenarios = scs })
	uid := e.Call("/user/create", map[string]any{"client_user_id": "scripted"}).Body["user_id"].(string)
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_92", "initial_products": []string{"income_verification"}, "user_id": uid,
		"options": map[string]any{"override_username": "test-good", "override_password": "test", "income_verification": map[string]any{"income_source_types": []string{"payroll"}}}}).OK(t)
	get := func() plaidtest.Result { return e.Call("/credit/payroll_income/get", map[string]any{"user_id": uid}) }
	e.Activate("income_pending_approval", nil)
	get().PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "VERIFICATION_STATUS_PENDING_APPROVAL")
	get().OK(t)
	e.Activate("income_not_ready_twice", nil)
	get().PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "PRODUCT_NOT_READY")
	get().PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "PRODUCT_NOT_READY")
	get().OK(t)
	e.Activate("income_upload_error", nil)
	get().PlaidErr(t, 500, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_UPLOAD_ERROR")
	get().OK(t)
}

// TestBankIncomeWarnings: a login with no depository account gives a
// report with no sources and TRANSACTIONS_UNAVAILABLE naming the Item, and
// the session says NO_DEPOSITS_FOUND.
func TestBankIncomeWarnings(t *testing.T) {
	fx := fixtures.Default()
	fx.Users = append(fx.Users, fixtures.User{Username: "card_only", Accounts: []fixtures.Account{{Name: "Card", Type: "credit", Subtype: new("credit card"),
		Balances: fixtures.Balances{Current: new(120.0)}}}})
	e := plaidtest.New(t, plaidtest.WithFixtures(fx))
	uid := e.Call("/user/create", map[string]any{"client_user_id": "cards"}).Body["user_id"].(string)
	lt := e.LinkToken(map[string]any{"user_id": uid, "products": []string{"income_verification"}})
	e.CompleteLink(map[string]any{"link_token": lt, "institution_id": "ins_109508", "username": "card_only", "password": "x"}).OK(t)
	rep := plaidtest.Obj(plaidtest.List(e.Call("/credit/bank_income/get", map[string]any{"user_id": uid}).OK(t)["bank_income"])[0])
	warnings := plaidtest.List(rep["warnings"])
	itemID := plaidtest.Obj(plaidtest.List(rep["items"])[0])["item_id"]
	if len(warnings) != 1 || plaidtest.Obj(warnings[0])["warning_code"] != "TRANSACTIONS_UNAVAILABLE" || plaidtest.Obj(plaidtest.Obj(warnings[0])["cause"])["item_id"] != itemID {
		t.Fatalf("warnings: %v", warnings)
	}
	if n := plaidtest.Obj(rep["bank_income_summary"])["income_sources_count"]; n != 0.0 {
		t.Fatalf("sources: %v", n)
	}
	s := plaidtest.Obj(plaidtest.List(e.Call("/credit/sessions/get", map[string]any{"user_id": uid}).OK(t)["sessions"])[0])
	if st := plaidtest.Obj(plaidtest.List(plaidtest.Obj(s["results"])["bank_income_results"])[0])["status"]; st != "NO_DEPOSITS_FOUND" {
		t.Fatalf("session status: %v", st)
	}
}
