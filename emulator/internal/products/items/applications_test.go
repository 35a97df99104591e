package items_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestConnectedApplications, through plaid-go: an Item's one application
// is the client that made it; scopes set for it (PORTAL, or ENROLLMENT
// with its state) are listed back; unlinking it puts the Item in
// USER_PERMISSION_REVOKED with its webhook, verified; another
// application id is INVALID_FIELD, and no access token lists none.
func TestConnectedApplications(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.URL})
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	list := func(token string) []plaid.ConnectedApplication {
		t.Helper()
		req := plaid.NewItemApplicationListRequest()
		if token != "" {
			req.SetAccessToken(token)
		}
		got, _, err := api.ItemApplicationList(ctx).ItemApplicationListRequest(*req).Execute()
		plaidtest.Must(t, "item/application/list", err)
		return got.Applications
	}
	apps := list(it.AccessToken)
	if len(apps) != 1 || apps[0].ApplicationId != "app-"+plaidtest.ClientID || apps[0].Name != plaidtest.ClientID || apps[0].CreatedAt.IsZero() {
		t.Fatalf("applications: %+v", apps)
	}
	if none := list(""); len(none) != 0 {
		t.Fatalf("applications without a token: %+v", none)
	}

	scopes := plaid.NewScopes()
	pa := plaid.NewProductAccess()
	pa.SetTransactions(false)
	scopes.SetProductAccess(*pa)
	_, _, err := api.ItemApplicationScopesUpdate(ctx).ItemApplicationScopesUpdateRequest(
		*plaid.NewItemApplicationScopesUpdateRequest(it.AccessToken, apps[0].ApplicationId, *scopes, plaid.SCOPESCONTEXT_PORTAL)).Execute()
	plaidtest.Must(t, "item/application/scopes/update", err)
	raw := plaidtest.List(e.Call("/item/application/list", map[string]any{"access_token": it.AccessToken}).OK(t)["applications"])
	if got := plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(raw[0])["scopes"])["product_access"]); got["transactions"] != false {
		t.Fatalf("the scopes set are not listed: %v", raw[0])
	}
	e.Call("/item/application/scopes/update", map[string]any{"access_token": it.AccessToken, "application_id": apps[0].ApplicationId,
		"scopes": map[string]any{}, "context": "ENROLLMENT"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/item/application/unlink", map[string]any{"access_token": it.AccessToken, "application_id": "app-other"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	_, _, err = api.ItemApplicationUnlink(ctx).ItemApplicationUnlinkRequest(*plaid.NewItemApplicationUnlinkRequest(it.AccessToken, apps[0].ApplicationId)).Execute()
	plaidtest.Must(t, "item/application/unlink", err)
	if d := rv.WaitFor(t, "USER_PERMISSION_REVOKED"); d.Type != "ITEM" || d.Body["item_id"] != it.ItemID {
		t.Fatalf("unlink webhook: %s", d.Raw)
	}
	e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "USER_PERMISSION_REVOKED")
}

// TestSeededApplications: /sandbox/item/application/seed connects a test
// application to a Permissions Manager Item (one /item/import made), once
// however often it is seeded; it is listed beside the Item's own, takes
// scopes of its own, and unlinking it disconnects only it (the Item stays
// healthy). An Item linked otherwise, or the Item's own id, is refused.
// Raw calls for the seed: plaid-go v20 lacks the path.
func TestSeededApplications(t *testing.T) {
	e := plaidtest.New(t)
	imp := e.Call("/item/import", map[string]any{"products": []string{"auth"}, "user_auth": map[string]any{"user_id": "user_good", "auth_token": "pass_good"}}).OK(t)
	at := imp["access_token"]
	for range 2 {
		if r := e.Call("/sandbox/item/application/seed", map[string]any{"access_token": at, "application_id": "app-partner-1"}).OK(t); r["item_id"] == "" {
			t.Fatalf("seed: %v", r)
		}
	}
	apps := plaidtest.List(e.Call("/item/application/list", map[string]any{"access_token": at}).OK(t)["applications"])
	if len(apps) != 2 || plaidtest.Obj(apps[1])["application_id"] != "app-partner-1" {
		t.Fatalf("applications: %v", apps)
	}
	e.Call("/item/application/scopes/update", map[string]any{"access_token": at, "application_id": "app-partner-1", "context": "PORTAL",
		"scopes": map[string]any{"product_access": map[string]any{"statements": false}}}).OK(t)
	apps = plaidtest.List(e.Call("/item/application/list", map[string]any{"access_token": at}).OK(t)["applications"])
	if plaidtest.Obj(apps[1])["scopes"] == nil || plaidtest.Obj(apps[0])["scopes"] != nil {
		t.Fatalf("scopes went to the wrong application: %v", apps)
	}
	e.Call("/item/application/unlink", map[string]any{"access_token": at, "application_id": "app-partner-1"}).OK(t)
	item := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": at}).OK(t)["item"])
	if item["error"] != nil || len(plaidtest.List(e.Call("/item/application/list", map[string]any{"access_token": at}).OK(t)["applications"])) != 1 {
		t.Fatalf("after unlinking the seeded app: %v", item)
	}
	linked := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/sandbox/item/application/seed", map[string]any{"access_token": linked.AccessToken, "application_id": "app-x"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/sandbox/item/application/seed", map[string]any{"access_token": at, "application_id": "app-" + plaidtest.ClientID}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
