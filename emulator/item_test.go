package emulator_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestAccessTokenInvalidate rotates an Item's access token through plaid-go:
// the old one stops working at once, the new one reaches the same Item, and
// a processor token made before keeps working.
func TestAccessTokenInvalidate(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth", "transactions"}, map[string]any{"webhook": "https://example.com/hook"})
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	proc := e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "processor": "dwolla"}).ok(t)["processor_token"]

	c := e.plaidClient()
	resp, _, err := c.PlaidApi.ItemAccessTokenInvalidate(context.Background()).
		ItemAccessTokenInvalidateRequest(*plaid.NewItemAccessTokenInvalidateRequest(it.accessToken)).Execute()
	must(t, "item/access_token/invalidate", err)
	fresh := resp.GetNewAccessToken()
	if fresh == it.accessToken || !regexp.MustCompile(`^access-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(fresh) {
		t.Fatalf("new access token %q (old %q)", fresh, it.accessToken)
	}
	for _, p := range []string{"/item/get", "/accounts/get", "/transactions/sync", "/item/access_token/invalidate"} {
		e.call(p, map[string]any{"access_token": it.accessToken}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	}
	g := e.call("/item/get", map[string]any{"access_token": fresh}).ok(t)
	if item := obj(g["item"]); item["item_id"] != it.itemID || item["webhook"] != "https://example.com/hook" {
		t.Fatalf("item after rotation = %v", item)
	}
	e.callAs("processor_client", "processor_secret", "/processor/auth/get", map[string]any{"processor_token": proc}).ok(t)
	e.call("/item/access_token/invalidate", map[string]any{}).plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	e.call("/item/access_token/invalidate", map[string]any{"access_token": fresh, "extra": 1}).plaidErr(t, 400, "INVALID_REQUEST", "UNKNOWN_FIELDS")
}
