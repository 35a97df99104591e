package transactions_test

import (
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestNotReadyThenReady(t *testing.T) {
	e := plaidtest.New(t, func(o *emulator.Options) { o.TransactionsReadyAfter = 150 * time.Millisecond })
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.URL})
	p := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken}).OK(t)
	if p["transactions_update_status"] != "NOT_READY" || p["next_cursor"] != "" || p["has_more"] != false || len(plaidtest.List(p["added"])) != 0 {
		t.Fatalf("before ready: %v", p)
	}
	e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2000-01-01", "end_date": "2100-01-01"}).
		PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")
	rv.WaitFor(t, "INITIAL_UPDATE")
	first := e.SyncAll(it.AccessToken, "", 500, nil)
	last := first[len(first)-1]
	n30 := len(plaidtest.List(first[0]["added"]))
	if first[0]["transactions_update_status"] == "NOT_READY" || n30 == 0 || n30 >= 54 {
		t.Fatalf("initial update: status %v, %d rows", first[0]["transactions_update_status"], n30)
	}
	rv.WaitFor(t, "HISTORICAL_UPDATE")
	rest := e.SyncAll(it.AccessToken, last["next_cursor"].(string), 500, nil)
	if rest[0]["transactions_update_status"] != "HISTORICAL_UPDATE_COMPLETE" || n30+len(plaidtest.List(rest[0]["added"])) != 54 {
		t.Fatalf("historical update: %v, %d more rows", rest[0]["transactions_update_status"], len(plaidtest.List(rest[0]["added"])))
	}
	// Sync was called before the data was ready: SYNC_UPDATES_AVAILABLE twice.
	e.WaitWebhooks("webhook_code=SYNC_UPDATES_AVAILABLE&state=delivered", 2)
	var flags []bool
	for _, d := range rv.Deliveries() {
		if d.Code == "SYNC_UPDATES_AVAILABLE" {
			flags = append(flags, d.Body["historical_update_complete"].(bool))
		}
	}
	if !slices.Contains(flags, false) || !slices.Contains(flags, true) {
		t.Fatalf("SYNC_UPDATES_AVAILABLE historical flags = %v", flags)
	}
}

func TestTransactionsAddedOnFirstUse(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	p := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken}).OK(t)
	if p["transactions_update_status"] != "NOT_READY" {
		t.Fatalf("first sync on an Item without Transactions: %v", p["transactions_update_status"])
	}
	if !slices.Contains(plaidtest.Strings(plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])["billed_products"]), "transactions") {
		t.Fatal("transactions not added to the Item")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		p = e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken}).OK(t)
		if p["transactions_update_status"] == "HISTORICAL_UPDATE_COMPLETE" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never ready: %v", p["transactions_update_status"])
		}
		e.Webhooks("webhook_code=NONE&wait=10ms") // bounded wait, not a sleep
	}
	if len(plaidtest.List(p["added"])) == 0 {
		t.Fatal("no rows once ready")
	}
}
