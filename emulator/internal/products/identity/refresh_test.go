package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestIdentityRefresh: through plaid-go, a refresh answers and adds
// Identity to the Item; the owners do not change, so no IDENTITY webhook
// is sent (the log has none after a webhook fired later arrives).
func TestIdentityRefresh(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.URL})
	_, _, err := e.PlaidClient().PlaidApi.IdentityRefresh(context.Background()).IdentityRefreshRequest(*plaid.NewIdentityRefreshRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "identity/refresh", err)
	item := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])
	if !slices.Contains(plaidtest.Strings(item["products"]), "identity") {
		t.Fatalf("products after a refresh: %v", item["products"])
	}
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).OK(t)
	rv.WaitFor(t, "NEW_ACCOUNTS_AVAILABLE")
	if ids := e.Webhooks("webhook_type=IDENTITY"); len(ids) != 0 {
		t.Fatalf("IDENTITY webhooks after a refresh that changed nothing: %v", ids)
	}
	e.Call("/identity/refresh", map[string]any{"access_token": "access-sandbox-00000000-0000-4000-8000-000000000000"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}
