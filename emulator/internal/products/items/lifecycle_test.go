package items_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestProductsTerminate: /item/products/terminate (a raw call: plaid-go
// v20 lacks it; plaid-node's is in testdata/clients/node) ends the Item
// as /item/remove does; plaid-node 47's FRAUD_TRANSACTION is taken, an
// unknown reason and a note over 512 characters are not.
func TestProductsTerminate(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/item/products/terminate", map[string]any{"access_token": it.AccessToken, "reason_code": "NOPE"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/item/products/terminate", map[string]any{"access_token": it.AccessToken, "reason_code": "OTHER", "reason_note": strings.Repeat("x", 513)}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/item/products/terminate", map[string]any{"access_token": it.AccessToken, "reason_code": "FRAUD_TRANSACTION", "reason_note": "chargebacks"}).OK(t)
	e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/item/products/terminate", map[string]any{"access_token": it.AccessToken, "reason_code": "OTHER"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}

// TestActivityList: through plaid-go, the Sandbox's activity is empty
// lists, with or without an access token; a token not the client's is
// INVALID_ACCESS_TOKEN and a count over 50 is refused.
func TestActivityList(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	api := e.PlaidClient().PlaidApi
	for _, tok := range []string{it.AccessToken, ""} {
		req := plaid.NewItemActivityListRequest()
		if tok != "" {
			req.SetAccessToken(tok)
		}
		got, _, err := api.ItemActivityList(context.Background()).ItemActivityListRequest(*req).Execute()
		plaidtest.Must(t, "item/activity/list", err)
		if got.Activities == nil || len(got.Activities) != 0 || got.LastDataAccessTimes == nil || len(got.LastDataAccessTimes) != 0 {
			t.Fatalf("activity with token %q: %+v", tok, got)
		}
	}
	e.Call("/item/activity/list", map[string]any{"access_token": "access-sandbox-00000000-0000-4000-8000-000000000000"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/item/activity/list", map[string]any{"count": 51}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
