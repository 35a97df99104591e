// Package examples_test holds the docs' worked examples as tests that run
// with every go test (docs/chaos.md shows this file).
package examples_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/plaid/plaid-go/v20/plaid"

	"github.com/plaid-emulator/plaid-emulator/emulator/emulatortest"
)

// app is the code under test: it keeps a linked bank and refreshes its
// balances, and notices when the bank needs a new login.
type app struct {
	plaid          *plaid.PlaidApiService
	accessToken    string
	needsReconnect bool
}

func (a *app) refreshBalances(ctx context.Context) error {
	req := plaid.NewAccountsBalanceGetRequest(a.accessToken)
	_, _, err := a.plaid.AccountsBalanceGet(ctx).AccountsBalanceGetRequest(*req).Execute()
	if perr, ok := plaid.ToPlaidError(err); ok == nil && perr.ErrorCode == "ITEM_LOGIN_REQUIRED" {
		a.needsReconnect = true // show "reconnect your bank", open Link in update mode
	}
	return err
}

// reconnect is what the app's frontend does with an update-mode link
// token; headless Link (/_emulator/link/complete) stands in for the user.
func (a *app) reconnect(ctx context.Context, t *testing.T, base string) {
	user := plaid.LinkTokenCreateRequestUser{ClientUserId: "user-1"}
	req := plaid.NewLinkTokenCreateRequest("Acme", "en", []plaid.CountryCode{plaid.COUNTRYCODE_US}, user)
	req.SetAccessToken(a.accessToken)
	lt, _, err := a.plaid.LinkTokenCreate(ctx).LinkTokenCreateRequest(*req).Execute()
	if err != nil {
		t.Fatal(err)
	}
	post(t, base+"/_emulator/link/complete", map[string]any{"link_token": lt.GetLinkToken()})
	a.needsReconnect = false
}

func TestAppRecoversFromLoginRequired(t *testing.T) {
	ctx := context.Background()
	srv := emulatortest.NewServer(t)
	cfg := plaid.NewConfiguration()
	cfg.UseEnvironment(plaid.Environment(srv.URL))
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", "my_app")
	cfg.AddDefaultHeader("PLAID-SECRET", "my_secret")
	client := plaid.NewAPIClient(cfg).PlaidApi

	// Link a bank (no browser needed) and hand the app its access token.
	pt, _, err := client.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(
		*plaid.NewSandboxPublicTokenCreateRequest("ins_109508", []plaid.Products{plaid.PRODUCTS_AUTH})).Execute()
	if err != nil {
		t.Fatal(err)
	}
	ex, _, err := client.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(
		*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
	if err != nil {
		t.Fatal(err)
	}
	a := &app{plaid: client, accessToken: ex.GetAccessToken()}

	// Three calls work, then the bank asks for a new login.
	post(t, srv.URL+"/_emulator/scenarios", map[string]any{"activate": "login-required-after-3-calls"})
	for i := range 3 {
		if err := a.refreshBalances(ctx); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	if err := a.refreshBalances(ctx); err == nil || !a.needsReconnect {
		t.Fatalf("the 4th call: err %v; the app did not notice ITEM_LOGIN_REQUIRED", err)
	}

	// The user logs in again through Link in update mode; the app works again.
	a.reconnect(ctx, t, srv.URL)
	if err := a.refreshBalances(ctx); err != nil {
		t.Fatalf("after reconnecting: %v", err)
	}
}

func post(t *testing.T, url string, body map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", url, resp.StatusCode)
	}
}
