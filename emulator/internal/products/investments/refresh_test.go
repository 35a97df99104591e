package investments_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestInvestmentsRefresh: through plaid-go, a refresh answers and
// HOLDINGS and INVESTMENTS_TRANSACTIONS DEFAULT_UPDATE (nothing new) reach
// the Item's webhook, verified; Investments is added to the Item; a bank
// without Investments is PRODUCTS_NOT_SUPPORTED.
func TestInvestmentsRefresh(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.URL})
	api := e.PlaidClient().PlaidApi
	_, _, err := api.InvestmentsRefresh(context.Background()).InvestmentsRefreshRequest(*plaid.NewInvestmentsRefreshRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "investments/refresh", err)
	got := map[string]bool{}
	for _, d := range rv.WaitForN(t, "DEFAULT_UPDATE", 2) {
		got[d.Type] = true
		if d.Body["item_id"] != it.ItemID {
			t.Fatalf("a refresh webhook about another Item: %s", d.Raw)
		}
	}
	if !got["HOLDINGS"] || !got["INVESTMENTS_TRANSACTIONS"] {
		t.Fatalf("webhooks after a refresh: %v", got)
	}
	products := plaidtest.Strings(plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])["products"])
	if !slices.Contains(products, "investments") {
		t.Fatalf("products after a refresh: %v", products)
	}
	other := e.Link("ins_133503", []string{"auth"}, nil)
	e.Call("/investments/refresh", map[string]any{"access_token": other.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}
