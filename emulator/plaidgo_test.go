package emulator_test

import (
	"context"
	"testing"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestPlaidGoFlow drives the whole core flow through the official Go client,
// reading the final error through its own error type.
func TestPlaidGoFlow(t *testing.T) {
	e := newEnv(t)
	c := e.plaidClient().PlaidApi
	ctx := context.Background()

	user := plaid.NewLinkTokenCreateRequestUser("user-123")
	ltReq := plaid.NewLinkTokenCreateRequest("Acme", "en", []plaid.CountryCode{plaid.COUNTRYCODE_US}, *user)
	ltReq.SetProducts([]plaid.Products{plaid.PRODUCTS_AUTH, plaid.PRODUCTS_TRANSACTIONS})
	lt, _, err := c.LinkTokenCreate(ctx).LinkTokenCreateRequest(*ltReq).Execute()
	must(t, "link/token/create", err)
	got, _, err := c.LinkTokenGet(ctx).LinkTokenGetRequest(*plaid.NewLinkTokenGetRequest(lt.GetLinkToken())).Execute()
	must(t, "link/token/get", err)
	if got.GetLinkToken() != lt.GetLinkToken() || len(got.Metadata.GetInitialProducts()) != 2 {
		t.Fatalf("link/token/get = %+v", got)
	}

	pt, _, err := c.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(
		*plaid.NewSandboxPublicTokenCreateRequest("ins_109508", []plaid.Products{plaid.PRODUCTS_AUTH})).Execute()
	must(t, "sandbox/public_token/create", err)
	ex, _, err := c.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(
		*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
	must(t, "item/public_token/exchange", err)
	at := ex.GetAccessToken()

	accts, _, err := c.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(at)).Execute()
	must(t, "accounts/get", err)
	if len(accts.GetAccounts()) != 12 || accts.Accounts[0].GetName() != "Plaid Checking" || accts.Item.GetItemId() != ex.GetItemId() {
		t.Fatalf("accounts/get = %+v", accts)
	}
	bal, _, err := c.AccountsBalanceGet(ctx).AccountsBalanceGetRequest(*plaid.NewAccountsBalanceGetRequest(at)).Execute()
	must(t, "accounts/balance/get", err)
	if b := bal.Accounts[0].Balances; b.GetAvailable() != 100 || b.GetCurrent() != 110 {
		t.Fatalf("balances = %+v", b)
	}
	auth, _, err := c.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(at)).Execute()
	must(t, "auth/get", err)
	if ach := auth.Numbers.GetAch(); len(ach) != 3 || ach[0].GetAccount() != "1111222233330000" || ach[0].GetRouting() != "011401533" {
		t.Fatalf("auth numbers = %+v", auth.Numbers)
	}
	id, _, err := c.IdentityGet(ctx).IdentityGetRequest(*plaid.NewIdentityGetRequest(at)).Execute()
	must(t, "identity/get", err)
	if n := id.Accounts[0].Owners[0].GetNames(); len(n) != 1 || n[0] != "Alberta Bobbeth Charleson" {
		t.Fatalf("owners = %+v", id.Accounts[0].Owners)
	}
	it, _, err := c.ItemGet(ctx).ItemGetRequest(*plaid.NewItemGetRequest(at)).Execute()
	must(t, "item/get", err)
	if it.Item.GetInstitutionId() != "ins_109508" || it.Item.Error.Get() != nil {
		t.Fatalf("item = %+v", it.Item)
	}

	_, _, err = c.SandboxItemResetLogin(ctx).SandboxItemResetLoginRequest(*plaid.NewSandboxItemResetLoginRequest(at)).Execute()
	must(t, "sandbox/item/reset_login", err)
	_, _, err = c.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(at)).Execute()
	if err == nil {
		t.Fatal("accounts/get succeeded on an Item needing login")
	}
	pe, perr := plaid.ToPlaidError(err)
	if perr != nil {
		t.Fatalf("plaid-go cannot read the error: %v", perr)
	}
	if pe.GetErrorCode() != "ITEM_LOGIN_REQUIRED" || pe.GetErrorType() != plaid.PLAIDERRORTYPE_ITEM_ERROR || pe.GetRequestId() == "" {
		t.Fatalf("error = %+v", pe)
	}
	it, _, err = c.ItemGet(ctx).ItemGetRequest(*plaid.NewItemGetRequest(at)).Execute()
	must(t, "item/get after reset", err)
	if ie := it.Item.Error.Get(); ie == nil || ie.GetErrorCode() != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("item.error = %+v", it.Item.Error)
	}
}
