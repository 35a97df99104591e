package emulator_test

import "testing"

// TestProcessorProducts: a partner reads what the app side reads, for the
// token's one account: liabilities, holdings, investment transactions,
// recurring streams and a refresh; the wrong kind of account is Plaid's
// error.
func TestProcessorProducts(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"transactions", "liabilities", "investments"}, nil)
	ids := map[string]string{}
	for _, a := range list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"]) {
		ids[obj(a)["name"].(string)] = obj(a)["account_id"].(string)
	}
	token := func(name string) string {
		return e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": ids[name], "processor": "galileo"}).ok(t)["processor_token"].(string)
	}
	partner := func(path string, body map[string]any) result {
		return e.callAs("partner", "partner-secret", path, body)
	}

	card, ira, checking := token("Plaid Credit Card"), token("Plaid IRA"), token("Plaid Checking")
	l := partner("/processor/liabilities/get", map[string]any{"processor_token": card}).ok(t)
	if obj(l["account"])["account_id"] != ids["Plaid Credit Card"] || len(list(obj(l["liabilities"])["credit"])) != 1 || len(list(obj(l["liabilities"])["student"])) != 0 {
		t.Fatalf("partner liabilities = %v", l)
	}
	partner("/processor/liabilities/get", map[string]any{"processor_token": checking}).plaidErr(t, 400, "ITEM_ERROR", "NO_LIABILITY_ACCOUNTS")

	h := partner("/processor/investments/holdings/get", map[string]any{"processor_token": ira}).ok(t)
	if obj(h["account"])["account_id"] != ids["Plaid IRA"] || len(list(h["holdings"])) != 2 || len(list(h["securities"])) != 2 {
		t.Fatalf("partner holdings = %v", h)
	}
	if _, ok := obj(obj(h["account"])["balances"])["margin_loan_amount"]; !ok {
		t.Fatal("partner holdings account lacks margin_loan_amount")
	}
	tx := partner("/processor/investments/transactions/get", map[string]any{"processor_token": ira, "start_date": "2000-01-01", "end_date": "2100-01-01"}).ok(t)
	if tx["total_investment_transactions"] != 2.0 || len(list(tx["investment_transactions"])) != 2 {
		t.Fatalf("partner investment transactions = %v", tx)
	}
	partner("/processor/investments/holdings/get", map[string]any{"processor_token": checking}).plaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")

	// Recurring streams of the checking account only; the app side sees them too.
	r := partner("/processor/transactions/recurring/get", map[string]any{"processor_token": checking}).ok(t)
	all := e.call("/transactions/recurring/get", map[string]any{"access_token": it.accessToken}).ok(t)
	mine := 0
	for _, k := range []string{"inflow_streams", "outflow_streams"} {
		for _, s := range list(r[k]) {
			if obj(s)["account_id"] != ids["Plaid Checking"] {
				t.Fatalf("a stream of another account: %v", s)
			}
			mine++
		}
		for _, s := range list(all[k]) {
			if obj(s)["account_id"] == ids["Plaid Checking"] {
				mine--
			}
		}
	}
	if mine != 0 {
		t.Fatalf("partner and app disagree on the checking account's streams")
	}
	partner("/processor/transactions/refresh", map[string]any{"processor_token": checking}).ok(t)
	partner("/processor/transactions/refresh", map[string]any{"processor_token": "processor-sandbox-nope"}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}
