package transactions_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// streamsEnv links user_streams (testdata/fixtures) with the clock
// frozen at 2026-03-10 and returns its access token.
func streamsEnv(t *testing.T, opts ...plaidtest.Option) (*plaidtest.Env, string) {
	return usersEnv(t, "user_streams", opts...)
}

// usersEnv links a user of testdata/fixtures at 2026-03-10.
func usersEnv(t *testing.T, username string, opts ...plaidtest.Option) (*plaidtest.Env, string) {
	t.Helper()
	opts = append([]plaidtest.Option{plaidtest.WithFixtureDir("testdata/fixtures"),
		plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))}, opts...)
	e := plaidtest.New(t, opts...)
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": username, "override_password": "pass_good"})
	return e, it.AccessToken
}

// TestRecurringStreams finds one stream of each frequency and status in a
// scripted history, and nothing in the irregular, single and pending rows.
func TestRecurringStreams(t *testing.T) {
	e, at := streamsEnv(t)
	c := e.PlaidClient()
	resp, _, err := c.PlaidApi.TransactionsRecurringGet(context.Background()).
		TransactionsRecurringGetRequest(*plaid.NewTransactionsRecurringGetRequest(at, []string{})).Execute()
	plaidtest.Must(t, "transactions/recurring/get", err)

	type want struct {
		freq, status, first, last string
		n                         int
		avg, lastAmount           float64
		active                    bool
		next                      string // "" for null
	}
	wants := map[string]want{
		"Starbucks":         {"WEEKLY", "MATURE", "2026-02-15", "2026-03-08", 4, 4.88, 4.75, true, "2026-03-15"},
		"RENT SPLIT":        {"SEMI_MONTHLY", "MATURE", "2026-01-01", "2026-03-01", 5, 600, 600, true, "2026-03-16"},
		"Netflix":           {"MONTHLY", "MATURE", "2026-01-05", "2026-03-05", 3, 15.49, 15.49, true, "2026-04-05"},
		"DOMAIN RENEWAL":    {"ANNUALLY", "MATURE", "2024-06-01", "2025-06-01", 2, 12, 12, true, "2026-06-01"},
		"GYM PASS":          {"MONTHLY", "EARLY_DETECTION", "2026-02-08", "2026-03-08", 2, 30, 30, true, "2026-04-08"},
		"MAGAZINE":          {"MONTHLY", "TOMBSTONED", "2025-11-01", "2025-12-01", 2, 9, 9, false, ""},
		"ACME CORP PAYROLL": {"BIWEEKLY", "MATURE", "2026-01-23", "2026-03-06", 4, -2525, -2600, true, "2026-03-20"},
		"INTEREST":          {"MONTHLY", "EARLY_DETECTION", "2026-01-31", "2026-02-28", 2, -1.5, -1.5, true, "2026-03-28"},
	}
	inflow := map[string]bool{"ACME CORP PAYROLL": true, "INTEREST": true}
	// Every transaction id of a stream is a live row of the Item with that description.
	rows := map[string]map[string]any{}
	for _, r := range plaidtest.List(e.Call("/transactions/get", map[string]any{"access_token": at, "start_date": "2000-01-01", "end_date": "2100-01-01",
		"options": map[string]any{"count": 500}}).OK(t)["transactions"]) {
		rows[plaidtest.Obj(r)["transaction_id"].(string)] = plaidtest.Obj(r)
	}
	seen := map[string]bool{}
	check := func(streams []plaid.TransactionStream, in bool) {
		for _, s := range streams {
			w, ok := wants[s.GetDescription()]
			if !ok || inflow[s.GetDescription()] != in {
				t.Fatalf("unexpected stream %q (inflow %v)", s.GetDescription(), in)
			}
			seen[s.GetDescription()] = true
			// plaid-go v20 predates predicted_next_date: it is kept raw.
			next, hasNext := s.AdditionalProperties["predicted_next_date"]
			nextStr, _ := next.(string)
			if s.GetFrequency() != plaid.RecurringTransactionFrequency(w.freq) || s.GetStatus() != plaid.TransactionStreamStatus(w.status) ||
				s.GetFirstDate() != w.first || s.GetLastDate() != w.last || len(s.GetTransactionIds()) != w.n ||
				s.AverageAmount.GetAmount() != w.avg || s.LastAmount.GetAmount() != w.lastAmount || s.GetIsActive() != w.active ||
				!hasNext || nextStr != w.next ||
				s.AverageAmount.GetIsoCurrencyCode() != "USD" || s.GetIsUserModified() || len(s.GetStreamId()) != 37 {
				t.Fatalf("%s: got %s %s %s..%s n=%d avg=%v last=%v active=%v next=%v, want %+v", s.GetDescription(), s.GetFrequency(), s.GetStatus(),
					s.GetFirstDate(), s.GetLastDate(), len(s.GetTransactionIds()), s.AverageAmount.GetAmount(), s.LastAmount.GetAmount(), s.GetIsActive(), next, w)
			}
			prev := ""
			for _, id := range s.GetTransactionIds() {
				r := rows[id]
				if r == nil || r["name"] != s.GetDescription() || r["account_id"] != s.GetAccountId() || r["pending"] != false || r["date"].(string) < prev {
					t.Fatalf("%s: transaction %s = %v", s.GetDescription(), id, r)
				}
				prev = r["date"].(string)
				if string(plaidtest.MustJSON(r["category"])) != string(plaidtest.MustJSON(s.GetCategory())) || r["category_id"] != s.GetCategoryId() {
					t.Fatalf("%s: stream category %v/%s, row %v/%v", s.GetDescription(), s.GetCategory(), s.GetCategoryId(), r["category"], r["category_id"])
				}
			}
		}
	}
	check(resp.GetOutflowStreams(), false)
	check(resp.GetInflowStreams(), true)
	if len(seen) != len(wants) {
		t.Fatalf("streams found: %v, want %d", seen, len(wants))
	}
	if resp.GetUpdatedDatetime().IsZero() {
		t.Fatal("updated_datetime missing")
	}

	// The Netflix stream carries its merchant's details; stream ids are stable.
	raw := e.Call("/transactions/recurring/get", map[string]any{"access_token": at, "options": map[string]any{"personal_finance_category_version": "v2"}}).OK(t)
	for _, s := range plaidtest.List(raw["outflow_streams"]) {
		if plaidtest.Obj(s)["description"] != "Netflix" {
			continue
		}
		pfc := plaidtest.Obj(plaidtest.Obj(s)["personal_finance_category"])
		if plaidtest.Obj(s)["merchant_name"] != "Netflix" || pfc["primary"] != "ENTERTAINMENT" || pfc["version"] != "v2" ||
			string(plaidtest.MustJSON(plaidtest.Obj(s)["category"])) != `["Service","Subscription"]` {
			t.Fatalf("Netflix stream = %v", s)
		}
		for _, s2 := range resp.GetOutflowStreams() {
			if s2.GetDescription() == "Netflix" && s2.GetStreamId() != plaidtest.Obj(s)["stream_id"] {
				t.Fatalf("stream id changed between calls: %s / %v", s2.GetStreamId(), plaidtest.Obj(s)["stream_id"])
			}
		}
	}
	if raw["personal_finance_category_version"] != "v2" {
		t.Fatalf("version not echoed: %v", raw["personal_finance_category_version"])
	}
}

// TestRecurringSelectionAndErrors: account_ids narrows the streams; unknown
// accounts, bad options and data that is not ready are Plaid's errors.
func TestRecurringSelectionAndErrors(t *testing.T) {
	e, at := streamsEnv(t)
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": at}).OK(t)["accounts"])
	savings := plaidtest.Obj(accts[1])["account_id"].(string)
	got := e.Call("/transactions/recurring/get", map[string]any{"access_token": at, "account_ids": []string{savings}}).OK(t)
	if out, in := plaidtest.List(got["outflow_streams"]), plaidtest.List(got["inflow_streams"]); len(out) != 0 || len(in) != 1 || plaidtest.Obj(in[0])["account_id"] != savings {
		t.Fatalf("savings only: out %v in %v", out, in)
	}
	e.Call("/transactions/recurring/get", map[string]any{"access_token": at, "account_ids": []string{"nope"}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	e.Call("/transactions/recurring/get", map[string]any{"access_token": at, "options": map[string]any{"personal_finance_category_version": "v9"}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transactions/recurring/get", map[string]any{"access_token": at, "account_ids": "x"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transactions/recurring/get", map[string]any{}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")

	slow := plaidtest.New(t, func(o *emulator.Options) { o.TransactionsReadyAfter = time.Hour })
	it := slow.Link("ins_109508", []string{"transactions"}, nil)
	slow.Call("/transactions/recurring/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")
	// An Item without Transactions gets the product, and is not ready yet.
	auth := slow.Link("ins_109508", []string{"auth"}, nil)
	slow.Call("/transactions/recurring/get", map[string]any{"access_token": auth.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")
}

// TestRecurringUserGood: the Sandbox's 30-day cycle gives user_good monthly
// streams (a merchant seen twice a cycle is irregular, so no stream).
func TestRecurringUserGood(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	got := e.Call("/transactions/recurring/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	out := map[string]map[string]any{}
	for _, s := range plaidtest.List(got["outflow_streams"]) {
		out[plaidtest.Obj(s)["description"].(string)] = plaidtest.Obj(s)
	}
	in := map[string]map[string]any{}
	for _, s := range plaidtest.List(got["inflow_streams"]) {
		in[plaidtest.Obj(s)["description"].(string)] = plaidtest.Obj(s)
	}
	if s := out["United Airlines"]; s == nil || s["frequency"] != "MONTHLY" || s["status"] != "MATURE" || len(plaidtest.List(s["transaction_ids"])) != 3 ||
		plaidtest.Obj(s["average_amount"])["amount"] != 500.0 || s["is_active"] != true {
		t.Fatalf("United Airlines outflow = %v", s)
	}
	if s := in["ACH Electronic CreditGUSTO PAY 123456"]; s == nil || s["frequency"] != "MONTHLY" || plaidtest.Obj(s["last_amount"])["amount"] != -5850.0 {
		t.Fatalf("payroll inflow = %v (inflows %v)", s, in)
	}
	if out["Starbucks"] != nil || out["McDonald's"] != nil {
		t.Fatalf("irregular merchants became streams: %v", out)
	}
}

// TestRecurringRules: streams scripted as rules (testdata/fixtures/recurring/
// rules.yaml) give their rows to sync and their streams to recurring/get.
func TestRecurringRules(t *testing.T) {
	e, at := usersEnv(t, "user_rules")
	rows := map[string][]string{}
	for _, p := range e.SyncAll(at, "", 500, nil) {
		for _, r := range plaidtest.List(p["added"]) {
			rows[plaidtest.Obj(r)["name"].(string)] = append(rows[plaidtest.Obj(r)["name"].(string)], plaidtest.Obj(r)["date"].(string))
		}
	}
	if got := fmt.Sprint(rows["Netflix"]); len(rows["Netflix"]) != 4 || !strings.Contains(got, "2025-11-30") || !strings.Contains(got, "2026-02-28") {
		t.Fatalf("Netflix rows = %v", got)
	}
	got := e.Call("/transactions/recurring/get", map[string]any{"access_token": at}).OK(t)
	streams := map[string]map[string]any{}
	for _, k := range []string{"inflow_streams", "outflow_streams"} {
		for _, s := range plaidtest.List(got[k]) {
			streams[plaidtest.Obj(s)["description"].(string)] = plaidtest.Obj(s)
		}
	}
	for desc, w := range map[string]struct {
		freq, status string
		n            int
		active       bool
		next         any
	}{
		"Netflix":           {"MONTHLY", "MATURE", 4, true, "2026-03-28"},
		"ACME CORP PAYROLL": {"BIWEEKLY", "MATURE", 6, true, "2026-03-20"},
		"RENT":              {"MONTHLY", "MATURE", 10, true, "2026-04-01"},
		"OLD GYM":           {"MONTHLY", "MATURE", 6, false, nil},
		"INSURANCE":         {"ANNUALLY", "MATURE", 2, true, "2026-04-02"},
	} {
		s := streams[desc]
		if s == nil || s["frequency"] != w.freq || s["status"] != w.status || len(plaidtest.List(s["transaction_ids"])) != w.n ||
			s["is_active"] != w.active || s["predicted_next_date"] != w.next || len(plaidtest.List(s["transaction_ids"])) != len(rows[desc]) {
			t.Errorf("%s = %v, want %+v", desc, s, w)
		}
	}
	if len(streams) != 5 {
		t.Fatalf("streams = %v", streams)
	}
}

// TestRecurringWebhook: an Item with recurring_transactions hears
// RECURRING_TRANSACTIONS_UPDATE once its history is in and again when a
// stream changes (a pending Netflix row posts), not when nothing changed;
// an Item without the product never does.
func TestRecurringWebhook(t *testing.T) {
	over, err := fixtures.Load(os.DirFS("testdata/fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	e := plaidtest.New(t, plaidtest.WithFixtures(fixtures.Merge(fixtures.Default(), over)), plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"transactions", "recurring_transactions"},
		map[string]any{"override_username": "user_streams", "override_password": "pass_good", "webhook": rv.URL})
	q := "item_id=" + it.ItemID + "&webhook_code=RECURRING_TRANSACTIONS_UPDATE"
	first := e.WaitWebhooks(q, 1)[0]
	got := e.Call("/transactions/recurring/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	withStreams := map[string]bool{}
	for _, k := range []string{"inflow_streams", "outflow_streams"} {
		for _, s := range plaidtest.List(got[k]) {
			withStreams[plaidtest.Obj(s)["account_id"].(string)] = true
		}
	}
	ids := plaidtest.List(plaidtest.Obj(first["body"])["account_ids"])
	if len(ids) != len(withStreams) || len(ids) != 2 {
		t.Fatalf("account_ids = %v, accounts with streams %v", ids, withStreams)
	}
	for _, id := range ids {
		if !withStreams[id.(string)] {
			t.Fatalf("account %v has no stream", id)
		}
	}
	d := rv.WaitFor(t, "RECURRING_TRANSACTIONS_UPDATE")
	if d.Type != "TRANSACTIONS" || d.Body["item_id"] != it.ItemID || d.Body["environment"] != "sandbox" {
		t.Fatalf("delivered = %s", d.Raw)
	}

	// Nothing changes: no new webhook (a fired DEFAULT_UPDATE marks the point).
	e.Call("/transactions/refresh", map[string]any{"access_token": it.AccessToken}).OK(t)
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "DEFAULT_UPDATE"}).OK(t)
	e.WaitWebhooks("item_id="+it.ItemID+"&webhook_code=DEFAULT_UPDATE", 1)
	if n := len(e.Webhooks(q)); n != 1 {
		t.Fatalf("%d RECURRING_TRANSACTIONS_UPDATE after a refresh that changed nothing", n)
	}
	// The pending Netflix row posts two days on: the stream grows, a second webhook.
	if r := e.Clock(map[string]any{"advance": "72h"}); r.Status != 200 {
		t.Fatalf("clock: %d %s", r.Status, r.Raw)
	}
	e.WaitWebhooks(q, 2)

	other := e.Link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.URL})
	e.WaitWebhooks("item_id="+other.ItemID+"&webhook_code=HISTORICAL_UPDATE", 1)
	if n := len(e.Webhooks("item_id=" + other.ItemID + "&webhook_code=RECURRING_TRANSACTIONS_UPDATE")); n != 0 {
		t.Fatalf("an Item without recurring_transactions got %d recurring webhooks", n)
	}
}

// TestUserCustomInflowModel: a user_custom account's inflow_model becomes
// monthly rows over two years, which recurring/get finds as inflow streams.
func TestUserCustomInflowModel(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	cfg := `{"override_accounts": [
	  {"type": "depository", "subtype": "checking", "starting_balance": 900, "meta": {"name": "Pay Checking"},
	   "inflow_model": {"type": "monthly-income", "income_amount": 5000, "payment_day_of_month": 15, "transaction_name": "ACME PAYROLL"}},
	  {"type": "credit", "subtype": "credit card", "starting_balance": 410, "meta": {"name": "Card"},
	   "inflow_model": {"type": "monthly-balance-payment", "payment_day_of_month": 31, "statement_day_of_month": 3}},
	  {"type": "loan", "subtype": "student", "starting_balance": 12000, "meta": {"name": "Loan"},
	   "inflow_model": {"type": "monthly-interest-only-payment"}},
	  {"type": "depository", "subtype": "savings", "meta": {"name": "Quiet"}, "inflow_model": {"type": "none"},
	   "transactions": [{"date_transacted": "2026-03-01", "date_posted": "2026-03-01", "amount": 1, "description": "ONE"}]}]}`
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_custom", "override_password": cfg})
	got := e.Call("/transactions/recurring/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	if n := len(plaidtest.List(got["outflow_streams"])); n != 0 {
		t.Fatalf("outflow streams from inflow models: %v", got["outflow_streams"])
	}
	streams := map[string]map[string]any{}
	for _, s := range plaidtest.List(got["inflow_streams"]) {
		streams[plaidtest.Obj(s)["description"].(string)] = plaidtest.Obj(s)
	}
	for desc, w := range map[string]struct {
		amount      float64
		n           int
		first, last string
	}{
		"ACME PAYROLL":        {-5000, 24, "2024-03-15", "2026-02-15"},
		"PAYMENT - THANK YOU": {-410, 24, "2024-03-31", "2026-02-28"}, // month ends clamp
		"INTEREST PAYMENT":    {-50, 25, "2024-03-01", "2026-03-01"},
	} {
		s := streams[desc]
		if s == nil || plaidtest.Obj(s["average_amount"])["amount"] != w.amount || len(plaidtest.List(s["transaction_ids"])) != w.n ||
			s["first_date"] != w.first || s["last_date"] != w.last || s["frequency"] != "MONTHLY" || s["status"] != "MATURE" {
			t.Errorf("%s = %v, want %+v", desc, s, w)
		}
	}
	if len(streams) != 3 {
		t.Fatalf("inflow streams = %v", streams)
	}
	for _, bad := range []string{
		`{"override_accounts": [{"type": "depository", "inflow_model": {"type": "weekly-income"}}]}`,
		`{"override_accounts": [{"type": "depository", "inflow_model": {"type": "monthly-income"}}]}`,
		`{"override_accounts": [{"type": "depository", "inflow_model": {"type": "monthly-income", "income_amount": 10, "payment_day_of_month": 40}}]}`,
	} {
		r := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"},
			"options": map[string]any{"override_username": "user_custom", "override_password": bad}})
		r.PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
		if !strings.Contains(r.Body["error_message"].(string), "inflow_model") {
			t.Fatalf("message for %s: %v", bad, r.Body["error_message"])
		}
	}
}
