package emulator_test

import (
	"net/http"
	"slices"
	"testing"
)

// TestDashboardViewsOnlyRead: what the dashboard reads to show an Item
// (the Item, its transactions, its requests and webhooks, the lists)
// changes nothing: an auth-only Item stays auth-only, and the app's
// journal gains no entry. An action the user clicks is a Plaid call whose
// journal entry says it came from the dashboard.
func TestDashboardViewsOnlyRead(t *testing.T) {
	e := newEnv(t)
	authOnly := e.link("ins_109508", []string{"auth"}, nil)
	withTx := e.link("ins_109508", []string{"transactions"}, nil)
	itemGet := func(it item) map[string]any {
		return obj(e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)["item"])
	}
	before := itemGet(authOnly)
	journal := func() int {
		return len(list(e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil).body["requests"]))
	}
	n := journal()
	for _, it := range []item{authOnly, withTx} {
		for _, path := range []string{"/_emulator/items/" + it.itemID, "/_emulator/items/" + it.itemID + "/transactions",
			"/_emulator/items?q=" + it.itemID, "/_emulator/requests?item_id=" + it.itemID, "/_emulator/webhooks?item_id=" + it.itemID} {
			e.do(http.MethodGet, path, http.Header{}, nil)
		}
	}
	if got := journal(); got != n {
		t.Fatalf("viewing Items made %d journal entries", got-n)
	}
	after := itemGet(authOnly)
	if !slices.Equal(list(after["products"]), list(before["products"])) || !slices.Equal(list(after["billed_products"]), list(before["billed_products"])) {
		t.Fatalf("viewing an auth-only Item changed its products: %v → %v", before["products"], after["products"])
	}
	if r := e.do(http.MethodGet, "/_emulator/items/"+authOnly.itemID+"/transactions", http.Header{}, nil); r.status != 409 {
		t.Fatalf("an auth-only Item's transactions view: %d %s", r.status, r.raw)
	}
	tx := e.do(http.MethodGet, "/_emulator/items/"+withTx.itemID+"/transactions?count=5", http.Header{}, nil)
	if tx.status != 200 || len(list(tx.body["transactions"])) != 5 || tx.body["total_transactions"].(float64) < 5 {
		t.Fatalf("transactions view: %d %.300s", tx.status, tx.raw)
	}

	e.do(http.MethodPost, "/_emulator/items/"+withTx.itemID+"/call", http.Header{"Content-Type": {"application/json"}},
		map[string]any{"path": "/transactions/refresh", "body": map[string]any{}})
	reqs := list(e.do(http.MethodGet, "/_emulator/requests?path=/transactions/refresh", http.Header{}, nil).body["requests"])
	if len(reqs) != 1 || obj(reqs[0])["via"] != "dashboard" {
		t.Fatalf("the dashboard's action in the journal: %v", reqs)
	}
	if own := list(e.do(http.MethodGet, "/_emulator/requests?path=/item/get", http.Header{}, nil).body["requests"]); len(own) == 0 || obj(own[0])["via"] != nil {
		t.Fatalf("a client's own call is marked: %v", own)
	}
}
