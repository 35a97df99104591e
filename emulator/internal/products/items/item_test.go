package items_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestAccessTokenInvalidate rotates an Item's access token through plaid-go:
// the old one stops working at once, the new one reaches the same Item, and
// a processor token made before keeps working.
func TestAccessTokenInvalidate(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth", "transactions"}, map[string]any{"webhook": "https://example.com/hook"})
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	proc := e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "processor": "dwolla"}).OK(t)["processor_token"]

	c := e.PlaidClient()
	resp, _, err := c.PlaidApi.ItemAccessTokenInvalidate(context.Background()).
		ItemAccessTokenInvalidateRequest(*plaid.NewItemAccessTokenInvalidateRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "item/access_token/invalidate", err)
	fresh := resp.GetNewAccessToken()
	if fresh == it.AccessToken || !regexp.MustCompile(`^access-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(fresh) {
		t.Fatalf("new access token %q (old %q)", fresh, it.AccessToken)
	}
	for _, p := range []string{"/item/get", "/accounts/get", "/transactions/sync", "/item/access_token/invalidate"} {
		e.Call(p, map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	}
	g := e.Call("/item/get", map[string]any{"access_token": fresh}).OK(t)
	if item := plaidtest.Obj(g["item"]); item["item_id"] != it.ItemID || item["webhook"] != "https://example.com/hook" {
		t.Fatalf("item after rotation = %v", item)
	}
	e.CallAs("processor_client", "processor_secret", "/processor/auth/get", map[string]any{"processor_token": proc}).OK(t)
	e.Call("/item/access_token/invalidate", map[string]any{}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	e.Call("/item/access_token/invalidate", map[string]any{"access_token": fresh, "extra": 1}).PlaidErr(t, 400, "INVALID_REQUEST", "UNKNOWN_FIELDS")
}
