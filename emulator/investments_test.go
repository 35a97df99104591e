package emulator_test

import (
	"context"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestInvestmentsHoldings reads user_good's IRA and 401k positions through
// plaid-go: the spec example's holdings, their value, and each security
// they hold listed once.
func TestInvestmentsHoldings(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"investments"}, nil)
	resp, _, err := e.plaidClient().PlaidApi.InvestmentsHoldingsGet(context.Background()).
		InvestmentsHoldingsGetRequest(*plaid.NewInvestmentsHoldingsGetRequest(it.accessToken)).Execute()
	must(t, "investments/holdings/get", err)
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
	raw := e.call("/investments/holdings/get", map[string]any{"access_token": it.accessToken,
		"options": map[string]any{"account_ids": []string{byName["Plaid 401k"]}}}).ok(t)
	for _, s := range list(raw["securities"]) {
		sec := obj(s)
		for _, k := range []string{"cusip", "sedol", "isin", "proxy_security_id", "option_contract", "fixed_income", "sector", "update_datetime", "subtype"} {
			if _, ok := sec[k]; !ok {
				t.Fatalf("security %v lacks %s", sec["name"], k)
			}
		}
		if sec["ticker_symbol"] == nil && obj(obj(sec["fixed_income"])["yield_rate"])["percentage"] != 5.43 {
			t.Fatalf("bill = %v", sec)
		}
	}
	if len(list(raw["accounts"])) != 1 || len(list(raw["holdings"])) != 6 {
		t.Fatalf("401k only: %d accounts, %d holdings", len(list(raw["accounts"])), len(list(raw["holdings"])))
	}
}

// TestInvestmentsTransactions pages the 401k's investment transactions,
// newest first, within a date range, with the securities of each page.
func TestInvestmentsTransactions(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	it := e.link("ins_109508", []string{"investments"}, nil)
	req := plaid.NewInvestmentsTransactionsGetRequest(it.accessToken, "2026-01-01", "2026-03-10")
	resp, _, err := e.plaidClient().PlaidApi.InvestmentsTransactionsGet(context.Background()).InvestmentsTransactionsGetRequest(*req).Execute()
	must(t, "investments/transactions/get", err)
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
	first := e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-02-01", "end_date": "2026-02-28",
		"options": map[string]any{"count": 2, "offset": 0}}).ok(t)
	again := e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-02-01", "end_date": "2026-02-28",
		"options": map[string]any{"count": 2, "offset": 0}}).ok(t)
	page := list(first["investment_transactions"])
	if first["total_investment_transactions"] != 5.0 || len(page) != 2 ||
		obj(page[0])["investment_transaction_id"] != obj(list(again["investment_transactions"])[0])["investment_transaction_id"] {
		t.Fatalf("february page = %v", first)
	}
	// Securities: only those of the page (a contribution has none).
	for _, s := range list(first["securities"]) {
		found := false
		for _, tx := range page {
			if obj(tx)["security_id"] == obj(s)["security_id"] {
				found = true
			}
		}
		if !found {
			t.Fatalf("security %v is not on the page", obj(s)["name"])
		}
	}
	e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-03-10", "end_date": "2026-01-01"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-01-01", "end_date": "2026-03-10",
		"options": map[string]any{"count": 501}}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestInvestmentsErrors: an Item with no investment account, and a bank
// without the product.
func TestInvestmentsErrors(t *testing.T) {
	e := newEnv(t)
	pt := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_custom", "override_password": `{"override_accounts":[{"type":"depository","subtype":"checking"}]}`}}).ok(t)
	at := e.call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).ok(t)["access_token"]
	e.call("/investments/holdings/get", map[string]any{"access_token": at}).plaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")
	e.call("/investments/transactions/get", map[string]any{"access_token": at, "start_date": "2026-01-01", "end_date": "2026-03-10"}).
		plaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")
	hound := e.link("ins_109512", []string{"auth"}, nil)
	e.call("/investments/holdings/get", map[string]any{"access_token": hound.accessToken}).plaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}

// TestInvestmentsItemStatus: /item/get reports investments as updated when
// the Item has the product, and null otherwise.
func TestInvestmentsItemStatus(t *testing.T) {
	e := newEnv(t)
	inv := e.link("ins_109508", []string{"investments"}, nil)
	st := obj(e.call("/item/get", map[string]any{"access_token": inv.accessToken}).ok(t)["status"])
	if u := obj(st["investments"]); u["last_successful_update"] == nil || u["last_failed_update"] != nil {
		t.Fatalf("investments status = %v", st)
	}
	auth := e.link("ins_109508", []string{"auth"}, nil)
	if st := obj(e.call("/item/get", map[string]any{"access_token": auth.accessToken}).ok(t)["status"]); st["investments"] != nil {
		t.Fatalf("an Item without Investments reports %v", st["investments"])
	}
}

// TestUserCustomInvestmentsAndLiabilities: a user_custom configuration's
// holdings, investment_transactions and liability, in the Sandbox's shape.
func TestUserCustomInvestmentsAndLiabilities(t *testing.T) {
	e := newEnv(t)
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
	it := e.link("ins_109508", []string{"investments", "liabilities"}, map[string]any{"override_username": "user_custom", "override_password": cfg})
	h := e.call("/investments/holdings/get", map[string]any{"access_token": it.accessToken}).ok(t)
	holdings, secs := list(h["holdings"]), list(h["securities"])
	if len(holdings) != 2 || len(secs) != 2 || obj(holdings[0])["institution_value"] != 2000.0 || obj(holdings[0])["security_id"] != obj(secs[0])["security_id"] {
		t.Fatalf("holdings %v, securities %v", holdings, secs)
	}
	if obj(secs[0])["ticker_symbol"] != "PLAID" || obj(secs[0])["name"] != "Plaid stock" || obj(secs[1])["isin"] != "US0378331005" {
		t.Fatalf("securities = %v", secs)
	}
	tx := e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-01-01", "end_date": "2026-12-31"}).ok(t)
	txs := list(tx["investment_transactions"])
	if len(txs) != 2 || obj(txs[0])["type"] != "sell" || obj(txs[0])["amount"] != -360.0 || obj(txs[1])["amount"] != 1500.0 ||
		obj(txs[1])["subtype"] != "buy" || obj(txs[1])["security_id"] != obj(secs[0])["security_id"] || len(list(tx["securities"])) != 1 {
		t.Fatalf("investment transactions = %v", tx)
	}
	l := obj(e.call("/liabilities/get", map[string]any{"access_token": it.accessToken}).ok(t)["liabilities"])
	card := obj(list(l["credit"])[0])
	if aprs := list(card["aprs"]); len(aprs) != 2 || obj(aprs[1])["apr_type"] != "purchase_apr" || obj(aprs[1])["apr_percentage"] != 24.99 ||
		card["minimum_payment_amount"] != 35.0 {
		t.Fatalf("card = %v", card)
	}
	loan := obj(list(l["student"])[0])
	if loan["interest_rate_percentage"] != 5.5 || loan["origination_principal_amount"] != 25000.0 || obj(loan["repayment_plan"])["type"] != "standard" {
		t.Fatalf("student loan = %v", loan)
	}
	for _, bad := range []string{
		`{"override_accounts": [{"type": "depository", "holdings": [{"quantity": 1, "security": {"ticker_symbol": "X"}}]}]}`,
		`{"override_accounts": [{"type": "investment", "holdings": [{"quantity": 1, "security": {}}]}]}`,
		`{"override_accounts": [{"type": "investment", "investment_transactions": [{"date": "2026-01-01", "type": "gift"}]}]}`,
		`{"override_accounts": [{"type": "depository", "subtype": "checking", "liability": {"type": "credit"}}]}`,
	} {
		r := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
			"options": map[string]any{"override_username": "user_custom", "override_password": bad}})
		r.plaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
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
	e := newEnv(t)
	it := e.link("ins_109508", []string{"investments"}, nil)
	now := time.Now().UTC()
	r := e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken,
		"start_date": now.AddDate(-2, 0, 0).Format(time.DateOnly), "end_date": now.AddDate(0, 0, 1).Format(time.DateOnly)}).ok(t)
	accounts, securities := map[any]map[string]any{}, map[any]map[string]any{}
	for _, a := range list(r["accounts"]) {
		accounts[obj(a)["account_id"]] = obj(a)
	}
	for _, s := range list(r["securities"]) {
		securities[obj(s)["security_id"]] = obj(s)
	}
	txs := list(r["investment_transactions"])
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
		tx := obj(x)
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
