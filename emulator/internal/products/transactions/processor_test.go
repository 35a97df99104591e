package transactions_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// A processor token with a webhook gets the account_id variants of the
// transaction webhooks for its own account.
func TestProcessorTransactionWebhooks(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	checking := plaidtest.Obj(accts[0])["account_id"].(string)
	tok := e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": checking, "processor": "dwolla"}).OK(t)["processor_token"]
	e.CallAs("partner", "p", "/processor/token/webhook/update", map[string]any{"processor_token": tok, "webhook": rv.URL}).OK(t)
	e.CallAs("partner", "p", "/processor/transactions/sync", map[string]any{"processor_token": tok}).OK(t)
	// New rows on the checking account, then a refresh.
	e.Call("/sandbox/transactions/create", map[string]any{"access_token": it.AccessToken, "transactions": []any{
		map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 9.5, "description": "Lunch"}}}).OK(t)
	d := rv.WaitFor(t, "DEFAULT_UPDATE")
	if d.Body["account_id"] != checking || d.Body["item_id"] != nil || d.Body["new_transactions"] != 1.0 {
		t.Fatalf("processor DEFAULT_UPDATE = %s", d.Raw)
	}
	rv.WaitFor(t, "SYNC_UPDATES_AVAILABLE")
	for _, got := range rv.Deliveries() {
		if got.Body["account_id"] != checking {
			t.Fatalf("a webhook about another account reached the processor: %s", got.Raw)
		}
	}
}

// TestPartnerTransactions: a partner reads the rows and recurring streams
// of its token's one account, the same the app reads for it, and asks for
// a refresh; an unknown token is Plaid's error.
func TestPartnerTransactions(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	checkingID := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	checking := e.ProcessorToken(it.AccessToken, checkingID, "galileo")
	e.SyncAll(it.AccessToken, "", 500, nil) // the app's first sync: the rows are ready

	appIDs := map[string]bool{}
	for id, row := range e.GetAll(it.AccessToken) {
		if row["account_id"] == checkingID {
			appIDs[id] = true
		}
	}
	g := e.Partner("/processor/transactions/get", map[string]any{"processor_token": checking, "start_date": "2000-01-01", "end_date": "2100-01-01",
		"options": map[string]any{"count": 500}}).OK(t)
	s := e.Partner("/processor/transactions/sync", map[string]any{"processor_token": checking, "count": 500}).OK(t)
	for what, rows := range map[string][]any{"get": plaidtest.List(g["transactions"]), "sync": plaidtest.List(s["added"])} {
		if len(rows) != len(appIDs) || len(rows) == 0 {
			t.Fatalf("partner %s: %d rows, the app has %d on the account", what, len(rows), len(appIDs))
		}
		for _, r := range rows {
			if !appIDs[plaidtest.Obj(r)["transaction_id"].(string)] {
				t.Fatalf("partner %s: a row the app does not have on the account: %v", what, r)
			}
		}
	}

	// Recurring streams of the checking account only; the app side sees them too.
	r := e.Partner("/processor/transactions/recurring/get", map[string]any{"processor_token": checking}).OK(t)
	all := e.Call("/transactions/recurring/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	mine := 0
	for _, k := range []string{"inflow_streams", "outflow_streams"} {
		for _, s := range plaidtest.List(r[k]) {
			if plaidtest.Obj(s)["account_id"] != checkingID {
				t.Fatalf("a stream of another account: %v", s)
			}
			mine++
		}
		for _, s := range plaidtest.List(all[k]) {
			if plaidtest.Obj(s)["account_id"] == checkingID {
				mine--
			}
		}
	}
	if mine != 0 {
		t.Fatalf("partner and app disagree on the checking account's streams")
	}
	e.Partner("/processor/transactions/refresh", map[string]any{"processor_token": checking}).OK(t)
	e.Partner("/processor/transactions/refresh", map[string]any{"processor_token": "processor-sandbox-nope"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}
