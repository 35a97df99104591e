package investments_test

import (
	"context"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestInvestmentsHoldings reads user_good's IRA and 401k positions through
// plaid-go: the spec example's holdings, their value, and each security
// they hold listed once.
func TestInvestmentsHoldings(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"investments"}, nil)
	resp, _, err := e.PlaidClient().PlaidApi.InvestmentsHoldingsGet(context.Background()).
		InvestmentsHoldingsGetRequest(*plaid.NewInvestmentsHoldingsGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "investments/holdings/get", err)
	byName := map[string]string{}
	for _, a := range resp.GetAccounts() {
		byName[a.GetName()] = a.GetAccountId()
	}
	if len(resp.GetAccounts()) != 12 || len(resp.GetHoldings()) != 8 {
		t.Fatalf("%d accounts, %d holdings", len(resp.GetAccounts()), len(resp.GetHoldings()))
	}
	perAccount := map[string]int{}
	for _, h := range resp.GetHoldings() {
		perAccount[h.GetAccountId()]++
		if h.GetSecurityId() == "JDdP7XPMklt5vwPmDN45t3KAoWAPmjtpaW7DP" && (h.GetInstitutionValue() != 636.309 || h.GetQuantity() != 23.567) {
			t.Fatalf("MIPTX holding = %+v", h)
		}
	}
	if perAccount[byName["Plaid IRA"]] != 2 || perAccount[byName["Plaid 401k"]] != 6 {
		t.Fatalf("holdings per account = %v", perAccount)
	}
	secs := map[string]plaid.Security{}
	for _, s := range resp.GetSecurities() {
		if _, dup := secs[s.GetSecurityId()]; dup {
			t.Fatalf("security %s listed twice", s.GetSecurityId())
		}
		secs[s.GetSecurityId()] = s
	}
	if len(secs) != 7 { // U S Dollar is held twice; Dogecoin by nobody
		t.Fatalf("%d securities", len(secs))
	}
	if opt := secs["8E4L9XLl6MudjEpwPAAgivmdZRdBPJuvMPlPb"]; opt.GetTickerSymbol() != "NFLX180201C00355000" || opt.GetType() != "derivative" {
		t.Fatalf("option = %+v", opt)
	}
	// Raw: every nullable key present; the bill's fixed income and yield.
	raw := e.Call("/investments/holdings/get", map[string]any{"access_token": it.AccessToken,
		"options": map[string]any{"account_ids": []string{byName["Plaid 401k"]}}}).OK(t)
	for _, s := range plaidtest.List(raw["securities"]) {
		sec := plaidtest.Obj(s)
		for _, k := range []string{"cusip", "sedol", "isin", "proxy_security_id", "option_contract", "fixed_income", "sector", "update_datetime", "subtype"} {
			if _, ok := sec[k]; !ok {
				t.Fatalf("security %v lacks %s", sec["name"], k)
			}
		}
		if sec["ticker_symbol"] == nil && plaidtest.Obj(plaidtest.Obj(sec["fixed_income"])["yield_rate"])["percentage"] != 5.43 {
			t.Fatalf("bill = %v", sec)
		}
	}
	if len(plaidtest.List(raw["accounts"])) != 1 || len(plaidtest.List(raw["holdings"])) != 6 {
		t.Fatalf("401k only: %d accounts, %d holdings", len(plaidtest.List(raw["accounts"])), len(plaidtest.List(raw["holdings"])))
	}
}

// TestInvestmentsTransactions pages the 401k's investment transactions,
// newest first, within a date range, with the securities of each page.
func TestInvestmentsTransactions(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	it := e.Link("ins_109508", []string{"investments"}, nil)
	req := plaid.NewInvestmentsTransactionsGetRequest(it.AccessToken, "2026-01-01", "2026-03-10")
	resp, _, err := e.PlaidClient().PlaidApi.InvestmentsTransactionsGet(context.Background()).InvestmentsTransactionsGetRequest(*req).Execute()
	plaidtest.Must(t, "investments/transactions/get", err)
	txs := resp.GetInvestmentTransactions()
	if resp.GetTotalInvestmentTransactions() != 8 || len(txs) != 8 {
		t.Fatalf("total %d, page %d", resp.GetTotalInvestmentTransactions(), len(txs))
	}
	for i := 1; i < len(txs); i++ {
		if txs[i-1].GetDate() < txs[i].GetDate() {
			t.Fatalf("not newest first: %s before %s", txs[i-1].GetDate(), txs[i].GetDate())
		}
	}
	if txs[0].GetDate() != "2026-03-07" || txs[0].GetName() != "INTEREST PAID" || txs[len(txs)-1].GetSubtype() != "buy" {
		t.Fatalf("first %+v, last %+v", txs[0], txs[len(txs)-1])
	}
	// A narrow range and a page of two; ids are stable between calls.
	first := e.Call("/investments/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-02-01", "end_date": "2026-02-28",
		"options": map[string]any{"count": 2, "offset": 0}}).OK(t)
	again := e.Call("/investments/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-02-01", "end_date": "2026-02-28",
		"options": map[string]any{"count": 2, "offset": 0}}).OK(t)
	page := plaidtest.List(first["investment_transactions"])
	if first["total_investment_transactions"] != 5.0 || len(page) != 2 ||
		plaidtest.Obj(page[0])["investment_transaction_id"] != plaidtest.Obj(plaidtest.List(again["investment_transactions"])[0])["investment_transaction_id"] {
		t.Fatalf("february page = %v", first)
	}
	// Securities: only those of the page (a contribution has none).
	for _, s := range plaidtest.List(first["securities"]) {
		found := false
		for _, tx := range page {
			if plaidtest.Obj(tx)["security_id"] == plaidtest.Obj(s)["security_id"] {
				found = true
			}
		}
		if !found {
			t.Fatalf("security %v is not on the page", plaidtest.Obj(s)["name"])
		}
	}
	e.Call("/investments/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-03-10", "end_date": "2026-01-01"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/investments/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-01-01", "end_date": "2026-03-10",
		"options": map[string]any{"count": 501}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestInvestmentsErrors: an Item with no investment account, and a bank
// without the product.
func TestInvestmentsErrors(t *testing.T) {
	e := plaidtest.New(t)
	pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_custom", "override_password": `{"override_accounts":[{"type":"depository","subtype":"checking"}]}`}}).OK(t)
	at := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).OK(t)["access_token"]
	e.Call("/investments/holdings/get", map[string]any{"access_token": at}).PlaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")
	e.Call("/investments/transactions/get", map[string]any{"access_token": at, "start_date": "2026-01-01", "end_date": "2026-03-10"}).
		PlaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")
	hound := e.Link("ins_109512", []string{"auth"}, nil)
	e.Call("/investments/holdings/get", map[string]any{"access_token": hound.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}

// TestInvestmentsItemStatus: /item/get reports investments as updated when
// the Item has the product, and null otherwise.
func TestInvestmentsItemStatus(t *testing.T) {
	e := plaidtest.New(t)
	inv := e.Link("ins_109508", []string{"investments"}, nil)
	st := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": inv.AccessToken}).OK(t)["status"])
	if u := plaidtest.Obj(st["investments"]); u["last_successful_update"] == nil || u["last_failed_update"] != nil {
		t.Fatalf("investments status = %v", st)
	}
	auth := e.Link("ins_109508", []string{"auth"}, nil)
	if st := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": auth.AccessToken}).OK(t)["status"]); st["investments"] != nil {
		t.Fatalf("an Item without Investments reports %v", st["investments"])
	}
}

// TestUserCustomInvestmentsAndLiabilities: a user_custom configuration's
// holdings, investment_transactions and liability, in the Sandbox's shape.
func TestUserCustomInvestmentsAndLiabilities(t *testing.T) {
	e := plaidtest.New(t)
	cfg := `{"override_accounts": [
	  {"type": "investment", "subtype": "brokerage", "starting_balance": 5000, "meta": {"name": "Brokerage"},
	   "holdings": [
	     {"institution_price": 200, "institution_price_as_of": "2026-03-01", "cost_basis": 150, "quantity": 10, "currency": "USD",
	      "security": {"ticker_symbol": "PLAID", "name": "Plaid stock", "currency": "USD"}},
	     {"institution_price": 90, "quantity": 5, "security": {"isin": "US0378331005"}}],
	   "investment_transactions": [
	     {"date": "2026-02-01", "name": "buy stock", "quantity": 10, "price": 150, "fees": 4.95, "type": "buy", "currency": "USD",
	      "security": {"ticker_symbol": "PLAID", "currency": "USD"}},
	     {"date": "2026-02-15", "name": "sell stock", "quantity": -2, "price": 180, "fees": 4.95, "type": "sell",
	      "security": {"ticker_symbol": "PLAID"}}]},
	  {"type": "credit", "subtype": "credit card", "starting_balance": 1200, "meta": {"name": "Card"},
	   "liability": {"type": "credit", "purchase_apr": 24.99, "cash_apr": 29.99, "minimum_payment_amount": 35}},
	  {"type": "loan", "subtype": "student", "starting_balance": 20000, "meta": {"name": "Loan"},
	   "liability": {"type": "student", "origination_date": "2020-09-01", "principal": 25000, "nominal_apr": 5.5,
	    "loan_name": "Direct Loan", "repayment_model": {"type": "standard"}}}]}`
	it := e.Link("ins_109508", []string{"investments", "liabilities"}, map[string]any{"override_username": "user_custom", "override_password": cfg})
	h := e.Call("/investments/holdings/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	holdings, secs := plaidtest.List(h["holdings"]), plaidtest.List(h["securities"])
	if len(holdings) != 2 || len(secs) != 2 || plaidtest.Obj(holdings[0])["institution_value"] != 2000.0 || plaidtest.Obj(holdings[0])["security_id"] != plaidtest.Obj(secs[0])["security_id"] {
		t.Fatalf("holdings %v, securities %v", holdings, secs)
	}
	if plaidtest.Obj(secs[0])["ticker_symbol"] != "PLAID" || plaidtest.Obj(secs[0])["name"] != "Plaid stock" || plaidtest.Obj(secs[1])["isin"] != "US0378331005" {
		t.Fatalf("securities = %v", secs)
	}
	tx := e.Call("/investments/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-01-01", "end_date": "2026-12-31"}).OK(t)
	txs := plaidtest.List(tx["investment_transactions"])
	if len(txs) != 2 || plaidtest.Obj(txs[0])["type"] != "sell" || plaidtest.Obj(txs[0])["amount"] != -360.0 || plaidtest.Obj(txs[1])["amount"] != 1500.0 ||
		plaidtest.Obj(txs[1])["subtype"] != "buy" || plaidtest.Obj(txs[1])["security_id"] != plaidtest.Obj(secs[0])["security_id"] || len(plaidtest.List(tx["securities"])) != 1 {
		t.Fatalf("investment transactions = %v", tx)
	}
	l := plaidtest.Obj(e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken}).OK(t)["liabilities"])
	card := plaidtest.Obj(plaidtest.List(l["credit"])[0])
	if aprs := plaidtest.List(card["aprs"]); len(aprs) != 2 || plaidtest.Obj(aprs[1])["apr_type"] != "purchase_apr" || plaidtest.Obj(aprs[1])["apr_percentage"] != 24.99 ||
		card["minimum_payment_amount"] != 35.0 {
		t.Fatalf("card = %v", card)
	}
	loan := plaidtest.Obj(plaidtest.List(l["student"])[0])
	if loan["interest_rate_percentage"] != 5.5 || loan["origination_principal_amount"] != 25000.0 || plaidtest.Obj(loan["repayment_plan"])["type"] != "standard" {
		t.Fatalf("student loan = %v", loan)
	}
	for _, bad := range []string{
		`{"override_accounts": [{"type": "depository", "holdings": [{"quantity": 1, "security": {"ticker_symbol": "X"}}]}]}`,
		`{"override_accounts": [{"type": "investment", "holdings": [{"quantity": 1, "security": {}}]}]}`,
		`{"override_accounts": [{"type": "investment", "investment_transactions": [{"date": "2026-01-01", "type": "gift"}]}]}`,
		`{"override_accounts": [{"type": "depository", "subtype": "checking", "liability": {"type": "credit"}}]}`,
	} {
		r := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
			"options": map[string]any{"override_username": "user_custom", "override_password": bad}})
		r.PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	}
}

// Plaid's Quickstart shows investment transactions by joining each row
// with its account and its security (our own version of that transform:
// account mask, security name, quantity, price, amount, date); it hung on
// "Loading…" when two cash rows had no security. On user_good's defaults
// every row must join. Plaid allows security_id to be null on an
// investment transaction (Plaid's spec, 2020-09-14.yml, has
// InvestmentTransaction.security_id "nullable: true"), so this is our
// choice, not the spec's:
// cash rows name the account's cash security, as Sandbox's user_good does.
func TestInvestmentTransactionsAllHaveTheirSecurity(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"investments"}, nil)
	now := time.Now().UTC()
	r := e.Call("/investments/transactions/get", map[string]any{"access_token": it.AccessToken,
		"start_date": now.AddDate(-2, 0, 0).Format(time.DateOnly), "end_date": now.AddDate(0, 0, 1).Format(time.DateOnly)}).OK(t)
	accounts, securities := map[any]map[string]any{}, map[any]map[string]any{}
	for _, a := range plaidtest.List(r["accounts"]) {
		accounts[plaidtest.Obj(a)["account_id"]] = plaidtest.Obj(a)
	}
	for _, s := range plaidtest.List(r["securities"]) {
		securities[plaidtest.Obj(s)["security_id"]] = plaidtest.Obj(s)
	}
	txs := plaidtest.List(r["investment_transactions"])
	if len(txs) < 8 {
		t.Fatalf("%d investment transactions", len(txs))
	}
	type shown struct {
		mask, name             string
		quantity, price, value float64
		date                   string
	}
	var table []shown
	for _, x := range txs {
		tx := plaidtest.Obj(x)
		acct, sec := accounts[tx["account_id"]], securities[tx["security_id"]]
		if acct == nil || sec == nil {
			t.Errorf("%v (%v): account %v, security %v: the transform finds no %s", tx["name"], tx["subtype"], tx["account_id"], tx["security_id"],
				map[bool]string{true: "account", false: "security"}[acct == nil])
			continue
		}
		name, ok := sec["name"].(string)
		mask, _ := acct["mask"].(string)
		if !ok || name == "" {
			t.Errorf("security %v has no name to show", tx["security_id"])
		}
		table = append(table, shown{mask, name, tx["quantity"].(float64), tx["price"].(float64), tx["amount"].(float64), tx["date"].(string)})
	}
	if len(table) != len(txs) {
		t.Fatalf("the transform showed %d of %d rows", len(table), len(txs))
	}
}
