package link_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestOAuthSelectAccounts: the accounts chosen at the OAuth bank, saved by
// plaid-go's SandboxOauthSelectAccounts on the trip's oauth_state_id, are
// the only ones Link offers when it resumes and the ones it shares; an
// unknown state id and an empty name are refused.
func TestOAuthSelectAccounts(t *testing.T) {
	e := plaidtest.New(t)
	lt := e.LinkToken(map[string]any{"products": []string{"auth"}})
	trip := e.Do("POST", "/_emulator/link/oauth", jsonHeader, map[string]any{"link_token": lt, "institution_id": "ins_127287",
		"link_session_id": "s-1", "approve": true}).OK(t)
	state := trip["oauth_state_id"].(string)
	_, _, err := e.PlaidClient().PlaidApi.SandboxOauthSelectAccounts(context.Background()).
		SandboxOauthSelectAccountsRequest(*plaid.NewSandboxOauthSelectAccountsRequest(state, []string{"Plaid Saving"})).Execute()
	plaidtest.Must(t, "sandbox/oauth/select_accounts", err)
	offered := plaidtest.List(e.Do("POST", "/_emulator/link/accounts", jsonHeader, map[string]any{"link_token": lt, "institution_id": "ins_127287",
		"oauth_state_id": state}).OK(t)["accounts"])
	if len(offered) != 1 || plaidtest.Obj(offered[0])["name"] != "Plaid Saving" {
		t.Fatalf("offered after the bank's choice: %v", offered)
	}
	done := e.CompleteLink(map[string]any{"link_token": lt, "institution_id": "ins_127287", "oauth_state_id": state}).OK(t)
	if a := plaidtest.List(plaidtest.Obj(done["metadata"])["accounts"]); len(a) != 1 || plaidtest.Obj(a[0])["name"] != "Plaid Saving" {
		t.Fatalf("shared: %v", a)
	}
	e.Call("/sandbox/oauth/select_accounts", map[string]any{"oauth_state_id": "nope", "accounts": []string{"x"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/sandbox/oauth/select_accounts", map[string]any{"oauth_state_id": state, "accounts": []string{" "}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
