package emulator_test

import (
	"context"
	"testing"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestFireWebhookEveryCode fires every type/code the emulator supports
// through plaid-go; the receiver verifies each and checks it against the
// spec's schema.
func TestFireWebhookEveryCode(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	c := e.plaidClient().PlaidApi
	ctx := context.Background()
	req := plaid.NewSandboxPublicTokenCreateRequest("ins_109508",
		[]plaid.Products{plaid.PRODUCTS_AUTH, plaid.PRODUCTS_TRANSACTIONS, plaid.PRODUCTS_INVESTMENTS, plaid.PRODUCTS_LIABILITIES})
	req.SetOptions(plaid.SandboxPublicTokenCreateRequestOptions{Webhook: plaid.PtrString(rv.url)})
	pt, _, err := c.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(*req).Execute()
	must(t, "sandbox/public_token/create", err)
	ex, _, err := c.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
	must(t, "exchange", err)
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
		must(t, "fire_webhook "+string(tc.typ)+"/"+tc.code, err)
		if !resp.GetWebhookFired() {
			t.Fatal("webhook_fired is false")
		}
		e.waitWebhooks("state=delivered&webhook_type="+string(tc.typ)+"&webhook_code="+tc.code, 1)
	}
	seen := map[string]bool{}
	for _, d := range rv.deliveries() {
		if !d.valid || d.body["item_id"] != ex.GetItemId() {
			t.Fatalf("delivery %s/%s invalid: %s", d.typ, d.code, d.raw)
		}
		seen[d.typ+"/"+d.code] = true
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
	must(t, "item/get", err)
	if lw := it.Status.Get().LastWebhook.Get(); lw == nil || lw.GetCodeSent() != "USER_PERMISSION_REVOKED" {
		t.Fatalf("last_webhook = %+v", it.Status)
	}
}

func TestFireWebhookErrors(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "DEFAULT_UPDATE"}).
		plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_PRODUCT_NOT_ENABLED")
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_type": "ASSETS", "webhook_code": "PRODUCT_READY"}).
		plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_PRODUCT_NOT_ENABLED")
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NOPE"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_type": "ITEM", "webhook_code": "DEFAULT_UPDATE"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.callAs("other", "s", "/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "LOGIN_REPAIRED"}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}

func TestWebhookUpdateAcknowledgedToNewURL(t *testing.T) {
	e := newEnv(t)
	oldRv, newRv := newReceiver(e), newReceiver(e)
	c := e.plaidClient().PlaidApi
	ctx := context.Background()
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": oldRv.url})
	up := plaid.NewItemWebhookUpdateRequest(it.accessToken)
	up.SetWebhook(newRv.url)
	_, _, err := c.ItemWebhookUpdate(ctx).ItemWebhookUpdateRequest(*up).Execute()
	must(t, "item/webhook/update", err)
	d := newRv.waitFor(t, "WEBHOOK_UPDATE_ACKNOWLEDGED")
	if d.body["new_webhook_url"] != newRv.url {
		t.Fatalf("body = %s", d.raw)
	}
	if len(oldRv.deliveries()) != 0 {
		t.Fatal("the old URL got a webhook")
	}
}

func TestAutomatedMicrodeposits(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	c := e.plaidClient().PlaidApi
	ctx := context.Background()
	it := e.link("ins_109512", []string{"auth"}, map[string]any{"webhook": rv.url, "override_username": "user_good", "override_password": "microdeposits_good"})
	accts := list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	if len(accts) != 1 || obj(accts[0])["mask"] != "0000" || obj(accts[0])["verification_status"] != "pending_automatic_verification" {
		t.Fatalf("micro-deposit accounts = %v", accts)
	}
	_, _, err := c.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(it.accessToken)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "PRODUCT_NOT_READY" {
		t.Fatalf("auth before verification: %v", err)
	}
	id := obj(accts[0])["account_id"].(string)
	_, _, err = c.SandboxItemSetVerificationStatus(ctx).SandboxItemSetVerificationStatusRequest(
		*plaid.NewSandboxItemSetVerificationStatusRequest(it.accessToken, id, "automatically_verified")).Execute()
	must(t, "set_verification_status", err)
	d := rv.waitFor(t, "AUTOMATICALLY_VERIFIED")
	if d.typ != "AUTH" || d.body["account_id"] != id {
		t.Fatalf("webhook = %s", d.raw)
	}
	auth, _, err := c.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(it.accessToken)).Execute()
	must(t, "auth after verification", err)
	if ach := auth.Numbers.GetAch(); len(ach) != 1 || ach[0].GetRouting() != "021000021" || ach[0].GetAccount() != "1111222233330000" {
		t.Fatalf("ach = %+v", ach)
	}
	itm := obj(e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)["item"])
	if itm["auth_method"] != "AUTOMATED_MICRODEPOSITS" {
		t.Fatalf("auth_method = %v", itm["auth_method"])
	}
	// A second Item, expired instead.
	it2 := e.link("ins_109512", []string{"auth"}, map[string]any{"webhook": rv.url, "override_username": "user_good", "override_password": "microdeposits_good"})
	id2 := obj(list(e.call("/accounts/get", map[string]any{"access_token": it2.accessToken}).ok(t)["accounts"])[0])["account_id"]
	e.call("/sandbox/item/set_verification_status", map[string]any{"access_token": it2.accessToken, "account_id": id2, "verification_status": "verification_expired"}).ok(t)
	rv.waitFor(t, "VERIFICATION_EXPIRED")
	e.call("/sandbox/item/set_verification_status", map[string]any{"access_token": it2.accessToken, "account_id": "nope", "verification_status": "verification_expired"}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	plain := e.link("ins_109508", []string{"auth"}, nil)
	pid := obj(list(e.call("/accounts/get", map[string]any{"access_token": plain.accessToken}).ok(t)["accounts"])[0])["account_id"]
	e.call("/sandbox/item/set_verification_status", map[string]any{"access_token": plain.accessToken, "account_id": pid, "verification_status": "automatically_verified"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

func TestHeadlessLinkNewItem(t *testing.T) {
	e := newEnv(t)
	lt := e.linkToken(map[string]any{"products": []string{"transactions"},
		"account_filters": map[string]any{"depository": map[string]any{"account_subtypes": []string{"checking", "savings"}}, "credit": map[string]any{"account_subtypes": []string{"all"}}}})
	r := e.completeLink(map[string]any{"link_token": lt}).ok(t)
	md := obj(r["metadata"])
	accts := list(md["accounts"])
	if obj(md["institution"])["institution_id"] != "ins_109508" || obj(md["institution"])["name"] != "First Platypus Bank" || len(accts) != 4 {
		t.Fatalf("metadata = %v", md)
	}
	// checking, savings and the two credit cards, in fixture order.
	if obj(accts[0])["name"] != "Plaid Checking" || obj(accts[2])["subtype"] != "credit card" || md["link_session_id"] == "" {
		t.Fatalf("accounts = %v", accts)
	}
	ex := e.call("/item/public_token/exchange", map[string]any{"public_token": r["public_token"]}).ok(t)
	got := list(e.call("/accounts/get", map[string]any{"access_token": ex["access_token"]}).ok(t)["accounts"])
	if len(got) != 4 || obj(got[0])["account_id"] != obj(accts[0])["id"] {
		t.Fatalf("Item accounts = %v", got)
	}
	sessions := list(e.call("/link/token/get", map[string]any{"link_token": lt}).ok(t)["link_sessions"])
	if len(sessions) != 1 || obj(obj(sessions[0])["on_success"])["public_token"] != r["public_token"] {
		t.Fatalf("link_sessions = %v", sessions)
	}
	// The user's own choice of accounts, by mask; auth without filters
	// offers only checking, savings and cash management.
	lt2 := e.linkToken(map[string]any{"products": []string{"auth"}})
	r2 := e.completeLink(map[string]any{"link_token": lt2, "institution_id": "ins_109511", "account_ids": []string{"1111"}}).ok(t)
	if a := list(obj(r2["metadata"])["accounts"]); len(a) != 1 || obj(a[0])["name"] != "Plaid Saving" || obj(obj(r2["metadata"])["institution"])["name"] != "Tartan Bank" {
		t.Fatalf("chosen accounts = %v", r2["metadata"])
	}
	e.completeLink(map[string]any{"link_token": lt2, "account_ids": []string{"3333"}}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
}

func TestHeadlessLinkCredentialsAndMFA(t *testing.T) {
	e := newEnv(t)
	lt := e.linkToken(map[string]any{"products": []string{"auth"}})
	e.completeLink(map[string]any{"link_token": lt, "password": "wrong"}).plaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	e.completeLink(map[string]any{"link_token": lt, "password": "error_ITEM_LOCKED"}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
	e.completeLink(map[string]any{"link_token": lt, "password": "mfa_device", "mfa_answers": []string{"0000"}}).plaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	e.completeLink(map[string]any{"link_token": lt, "password": "mfa_device", "mfa_answers": []string{"1234"}}).ok(t)
	e.completeLink(map[string]any{"link_token": lt, "password": "mfa_questions_2_1", "mfa_answers": []string{"answer_0_0", "answer_1_0"}}).ok(t)
	e.completeLink(map[string]any{"link_token": lt, "password": "mfa_selections", "mfa_answers": []string{"Yes"}}).ok(t)
	e.completeLink(map[string]any{"link_token": "link-sandbox-nope"}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_LINK_TOKEN")
	sessions := list(e.call("/link/token/get", map[string]any{"link_token": lt}).ok(t)["link_sessions"])
	if len(sessions) != 6 || obj(obj(obj(sessions[0])["exit"])["error"])["error_code"] != "INVALID_CREDENTIALS" {
		t.Fatalf("sessions = %v", sessions)
	}
}

func TestHeadlessLinkUpdateModeRepairs(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	c := e.plaidClient().PlaidApi
	ctx := context.Background()
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	_, _, err := c.SandboxItemResetLogin(ctx).SandboxItemResetLoginRequest(*plaid.NewSandboxItemResetLoginRequest(it.accessToken)).Execute()
	must(t, "reset_login", err)
	rv.waitFor(t, "ERROR")
	ltReq := plaid.NewLinkTokenCreateRequest("Acme", "en", []plaid.CountryCode{plaid.COUNTRYCODE_US}, *plaid.NewLinkTokenCreateRequestUser("u"))
	ltReq.SetAccessToken(it.accessToken)
	ltResp, _, err := c.LinkTokenCreate(ctx).LinkTokenCreateRequest(*ltReq).Execute()
	must(t, "link/token/create in update mode", err)
	lt := ltResp.GetLinkToken()
	e.completeLink(map[string]any{"link_token": lt, "password": "wrong"}).plaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	r := e.completeLink(map[string]any{"link_token": lt}).ok(t)
	if len(list(obj(r["metadata"])["accounts"])) != 12 {
		t.Fatalf("update-mode metadata = %v", r["metadata"])
	}
	rv.waitFor(t, "LOGIN_REPAIRED")
	accts, _, err := c.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(it.accessToken)).Execute()
	must(t, "accounts/get after repair", err)
	if accts.Item.Error.Get() != nil {
		t.Fatalf("item.error = %+v", accts.Item.Error.Get())
	}
}
