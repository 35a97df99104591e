package items_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestFireWebhookEveryCode fires every type/code the emulator supports
// through plaid-go; the receiver verifies each and checks it against the
// spec's schema.
func TestFireWebhookEveryCode(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	req := plaid.NewSandboxPublicTokenCreateRequest("ins_109508",
		[]plaid.Products{plaid.PRODUCTS_AUTH, plaid.PRODUCTS_TRANSACTIONS, plaid.PRODUCTS_INVESTMENTS, plaid.PRODUCTS_LIABILITIES})
	req.SetOptions(plaid.SandboxPublicTokenCreateRequestOptions{Webhook: plaid.PtrString(rv.URL)})
	pt, _, err := c.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(*req).Execute()
	plaidtest.Must(t, "sandbox/public_token/create", err)
	ex, _, err := c.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
	plaidtest.Must(t, "exchange", err)
	at := ex.GetAccessToken()
	cases := []struct {
		typ  plaid.WebhookType
		code string
	}{
		{plaid.WEBHOOKTYPE_TRANSACTIONS, "DEFAULT_UPDATE"},
		{plaid.WEBHOOKTYPE_TRANSACTIONS, "SYNC_UPDATES_AVAILABLE"},
		{plaid.WEBHOOKTYPE_TRANSACTIONS, "RECURRING_TRANSACTIONS_UPDATE"},
		{plaid.WEBHOOKTYPE_AUTH, "DEFAULT_UPDATE"},
		{plaid.WEBHOOKTYPE_AUTH, "SMS_MICRODEPOSITS_VERIFICATION"},
		{plaid.WEBHOOKTYPE_HOLDINGS, "DEFAULT_UPDATE"},
		{plaid.WEBHOOKTYPE_INVESTMENTS_TRANSACTIONS, "DEFAULT_UPDATE"},
		{plaid.WEBHOOKTYPE_LIABILITIES, "DEFAULT_UPDATE"},
		{plaid.WEBHOOKTYPE_ITEM, "NEW_ACCOUNTS_AVAILABLE"},
		{plaid.WEBHOOKTYPE_ITEM, "USER_ACCOUNT_REVOKED"},
		{plaid.WEBHOOKTYPE_ITEM, "PENDING_DISCONNECT"},
		{plaid.WEBHOOKTYPE_ITEM, "LOGIN_REPAIRED"},
		{plaid.WEBHOOKTYPE_ITEM, "USER_PERMISSION_REVOKED"}, // last: it breaks the Item
	}
	for _, tc := range cases {
		fr := plaid.NewSandboxItemFireWebhookRequest(at, tc.code)
		fr.SetWebhookType(tc.typ)
		resp, _, err := c.SandboxItemFireWebhook(ctx).SandboxItemFireWebhookRequest(*fr).Execute()
		plaidtest.Must(t, "fire_webhook "+string(tc.typ)+"/"+tc.code, err)
		if !resp.GetWebhookFired() {
			t.Fatal("webhook_fired is false")
		}
		e.WaitWebhooks("state=delivered&webhook_type="+string(tc.typ)+"&webhook_code="+tc.code, 1)
	}
	seen := map[string]bool{}
	for _, d := range rv.Deliveries() {
		if !d.Valid || d.Body["item_id"] != ex.GetItemId() {
			t.Fatalf("plaidtest.Delivery %s/%s invalid: %s", d.Type, d.Code, d.Raw)
		}
		seen[d.Type+"/"+d.Code] = true
	}
	for _, tc := range cases {
		if !seen[string(tc.typ)+"/"+tc.code] {
			t.Errorf("no %s/%s delivered", tc.typ, tc.code)
		}
	}
	// USER_PERMISSION_REVOKED: product calls now fail with that error.
	_, _, err = c.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(at)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "USER_PERMISSION_REVOKED" {
		t.Fatalf("after USER_PERMISSION_REVOKED: %v %+v", err, pe)
	}
	it, _, err := c.ItemGet(ctx).ItemGetRequest(*plaid.NewItemGetRequest(at)).Execute()
	plaidtest.Must(t, "item/get", err)
	if lw := it.Status.Get().LastWebhook.Get(); lw == nil || lw.GetCodeSent() != "USER_PERMISSION_REVOKED" {
		t.Fatalf("last_webhook = %+v", it.Status)
	}
}

func TestFireWebhookErrors(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.URL})
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "DEFAULT_UPDATE"}).
		PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_PRODUCT_NOT_ENABLED")
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_type": "ASSETS", "webhook_code": "PRODUCT_READY"}).
		PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_PRODUCT_NOT_ENABLED")
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "NOPE"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_type": "ITEM", "webhook_code": "DEFAULT_UPDATE"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.CallAs("other", "s", "/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "LOGIN_REPAIRED"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}

func TestWebhookUpdateAcknowledgedToNewURL(t *testing.T) {
	e := plaidtest.New(t)
	oldRv, newRv := plaidtest.NewReceiver(e), plaidtest.NewReceiver(e)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": oldRv.URL})
	up := plaid.NewItemWebhookUpdateRequest(it.AccessToken)
	up.SetWebhook(newRv.URL)
	_, _, err := c.ItemWebhookUpdate(ctx).ItemWebhookUpdateRequest(*up).Execute()
	plaidtest.Must(t, "item/webhook/update", err)
	d := newRv.WaitFor(t, "WEBHOOK_UPDATE_ACKNOWLEDGED")
	if d.Body["new_webhook_url"] != newRv.URL {
		t.Fatalf("body = %s", d.Raw)
	}
	if len(oldRv.Deliveries()) != 0 {
		t.Fatal("the old URL got a webhook")
	}
}

func TestAutomatedMicrodeposits(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_109512", []string{"auth"}, map[string]any{"webhook": rv.URL, "override_username": "user_good", "override_password": "microdeposits_good"})
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	if len(accts) != 1 || plaidtest.Obj(accts[0])["mask"] != "0000" || plaidtest.Obj(accts[0])["verification_status"] != "pending_automatic_verification" {
		t.Fatalf("micro-deposit accounts = %v", accts)
	}
	_, _, err := c.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(it.AccessToken)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "PRODUCT_NOT_READY" {
		t.Fatalf("auth before verification: %v", err)
	}
	id := plaidtest.Obj(accts[0])["account_id"].(string)
	_, _, err = c.SandboxItemSetVerificationStatus(ctx).SandboxItemSetVerificationStatusRequest(
		*plaid.NewSandboxItemSetVerificationStatusRequest(it.AccessToken, id, "automatically_verified")).Execute()
	plaidtest.Must(t, "set_verification_status", err)
	d := rv.WaitFor(t, "AUTOMATICALLY_VERIFIED")
	if d.Type != "AUTH" || d.Body["account_id"] != id {
		t.Fatalf("webhook = %s", d.Raw)
	}
	auth, _, err := c.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "auth after verification", err)
	if ach := auth.Numbers.GetAch(); len(ach) != 1 || ach[0].GetRouting() != "021000021" || ach[0].GetAccount() != "1111222233330000" {
		t.Fatalf("ach = %+v", ach)
	}
	itm := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])
	if itm["auth_method"] != "AUTOMATED_MICRODEPOSITS" {
		t.Fatalf("auth_method = %v", itm["auth_method"])
	}
	// A second Item, expired instead.
	it2 := e.Link("ins_109512", []string{"auth"}, map[string]any{"webhook": rv.URL, "override_username": "user_good", "override_password": "microdeposits_good"})
	id2 := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it2.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	e.Call("/sandbox/item/set_verification_status", map[string]any{"access_token": it2.AccessToken, "account_id": id2, "verification_status": "verification_expired"}).OK(t)
	rv.WaitFor(t, "VERIFICATION_EXPIRED")
	e.Call("/sandbox/item/set_verification_status", map[string]any{"access_token": it2.AccessToken, "account_id": "nope", "verification_status": "verification_expired"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	plain := e.Link("ins_109508", []string{"auth"}, nil)
	pid := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": plain.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	e.Call("/sandbox/item/set_verification_status", map[string]any{"access_token": plain.AccessToken, "account_id": pid, "verification_status": "automatically_verified"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
