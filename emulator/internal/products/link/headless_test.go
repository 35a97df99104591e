package link_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

func TestHeadlessLinkNewItem(t *testing.T) {
	e := plaidtest.New(t)
	lt := e.LinkToken(map[string]any{"products": []string{"transactions"},
		"account_filters": map[string]any{"depository": map[string]any{"account_subtypes": []string{"checking", "savings"}}, "credit": map[string]any{"account_subtypes": []string{"all"}}}})
	r := e.CompleteLink(map[string]any{"link_token": lt}).OK(t)
	md := plaidtest.Obj(r["metadata"])
	accts := plaidtest.List(md["accounts"])
	if plaidtest.Obj(md["institution"])["institution_id"] != "ins_109508" || plaidtest.Obj(md["institution"])["name"] != "First Platypus Bank" || len(accts) != 4 {
		t.Fatalf("metadata = %v", md)
	}
	// checking, savings and the two credit cards, in fixture order.
	if plaidtest.Obj(accts[0])["name"] != "Plaid Checking" || plaidtest.Obj(accts[2])["subtype"] != "credit card" || md["link_session_id"] == "" {
		t.Fatalf("accounts = %v", accts)
	}
	ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": r["public_token"]}).OK(t)
	got := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": ex["access_token"]}).OK(t)["accounts"])
	if len(got) != 4 || plaidtest.Obj(got[0])["account_id"] != plaidtest.Obj(accts[0])["id"] {
		t.Fatalf("Item accounts = %v", got)
	}
	sessions := plaidtest.List(e.Call("/link/token/get", map[string]any{"link_token": lt}).OK(t)["link_sessions"])
	if len(sessions) != 1 || plaidtest.Obj(plaidtest.Obj(sessions[0])["on_success"])["public_token"] != r["public_token"] {
		t.Fatalf("link_sessions = %v", sessions)
	}
	// The user's own choice of accounts, by mask; auth without filters
	// offers only checking, savings and cash management.
	lt2 := e.LinkToken(map[string]any{"products": []string{"auth"}})
	r2 := e.CompleteLink(map[string]any{"link_token": lt2, "institution_id": "ins_109511", "account_ids": []string{"1111"}}).OK(t)
	if a := plaidtest.List(plaidtest.Obj(r2["metadata"])["accounts"]); len(a) != 1 || plaidtest.Obj(a[0])["name"] != "Plaid Saving" || plaidtest.Obj(plaidtest.Obj(r2["metadata"])["institution"])["name"] != "Tartan Bank" {
		t.Fatalf("chosen accounts = %v", r2["metadata"])
	}
	e.CompleteLink(map[string]any{"link_token": lt2, "account_ids": []string{"3333"}}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
}

func TestHeadlessLinkCredentialsAndMFA(t *testing.T) {
	e := plaidtest.New(t)
	lt := e.LinkToken(map[string]any{"products": []string{"auth"}})
	e.CompleteLink(map[string]any{"link_token": lt, "password": "wrong"}).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	e.CompleteLink(map[string]any{"link_token": lt, "password": "error_ITEM_LOCKED"}).PlaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
	e.CompleteLink(map[string]any{"link_token": lt, "password": "mfa_device", "mfa_answers": []string{"0000"}}).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	e.CompleteLink(map[string]any{"link_token": lt, "password": "mfa_device", "mfa_answers": []string{"1234"}}).OK(t)
	e.CompleteLink(map[string]any{"link_token": lt, "password": "mfa_questions_2_1", "mfa_answers": []string{"answer_0_0", "answer_1_0"}}).OK(t)
	e.CompleteLink(map[string]any{"link_token": lt, "password": "mfa_selections", "mfa_answers": []string{"Yes"}}).OK(t)
	e.CompleteLink(map[string]any{"link_token": "link-sandbox-nope"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_LINK_TOKEN")
	sessions := plaidtest.List(e.Call("/link/token/get", map[string]any{"link_token": lt}).OK(t)["link_sessions"])
	if len(sessions) != 6 || plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(sessions[0])["exit"])["error"])["error_code"] != "INVALID_CREDENTIALS" {
		t.Fatalf("sessions = %v", sessions)
	}
}

func TestHeadlessLinkUpdateModeRepairs(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.URL})
	_, _, err := c.SandboxItemResetLogin(ctx).SandboxItemResetLoginRequest(*plaid.NewSandboxItemResetLoginRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "reset_login", err)
	rv.WaitFor(t, "ERROR")
	ltReq := plaid.NewLinkTokenCreateRequest("Acme", "en", []plaid.CountryCode{plaid.COUNTRYCODE_US}, *plaid.NewLinkTokenCreateRequestUser("u"))
	ltReq.SetAccessToken(it.AccessToken)
	ltResp, _, err := c.LinkTokenCreate(ctx).LinkTokenCreateRequest(*ltReq).Execute()
	plaidtest.Must(t, "link/token/create in update mode", err)
	lt := ltResp.GetLinkToken()
	e.CompleteLink(map[string]any{"link_token": lt, "password": "wrong"}).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	r := e.CompleteLink(map[string]any{"link_token": lt}).OK(t)
	if len(plaidtest.List(plaidtest.Obj(r["metadata"])["accounts"])) != 12 {
		t.Fatalf("update-mode metadata = %v", r["metadata"])
	}
	rv.WaitFor(t, "LOGIN_REPAIRED")
	accts, _, err := c.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "accounts/get after repair", err)
	if accts.Item.Error.Get() != nil {
		t.Fatalf("item.error = %+v", accts.Item.Error.Get())
	}
}
