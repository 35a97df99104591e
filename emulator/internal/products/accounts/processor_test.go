package accounts_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestPartnerAccountAuthBalance: a partner reads its token's one account,
// its numbers and its balance as the app reads them for that account, and
// the account's bank.
func TestPartnerAccountAuthBalance(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	savingsID := e.AccountIDs(it.AccessToken)["Plaid Saving"]
	tok := e.ProcessorToken(it.AccessToken, savingsID, "dwolla")
	byID := func(list any) string {
		for _, a := range plaidtest.List(list) {
			if plaidtest.Obj(a)["account_id"] == savingsID {
				return string(plaidtest.MustJSON(a))
			}
		}
		t.Fatalf("no account %s in %v", savingsID, list)
		return ""
	}

	acc := e.Partner("/processor/account/get", map[string]any{"processor_token": tok}).OK(t)
	app := e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	if got, want := string(plaidtest.MustJSON(acc["account"])), byID(app["accounts"]); got != want || acc["institution_id"] != "ins_109508" {
		t.Fatalf("partner account %s (bank %v), the app's %s", got, acc["institution_id"], want)
	}

	auth := e.Partner("/processor/auth/get", map[string]any{"processor_token": tok}).OK(t)
	appAuth := e.Call("/auth/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	ach := plaidtest.Obj(plaidtest.Obj(auth["numbers"])["ach"])
	if ach["account_id"] != savingsID || ach["routing"] != "011401533" || byID(plaidtest.Obj(appAuth["numbers"])["ach"]) != string(plaidtest.MustJSON(ach)) {
		t.Fatalf("partner ACH numbers %v, the app's %v", ach, plaidtest.Obj(appAuth["numbers"])["ach"])
	}

	bal := e.Partner("/processor/balance/get", map[string]any{"processor_token": tok}).OK(t)
	appBal := e.Call("/accounts/balance/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	if got, want := string(plaidtest.MustJSON(bal["account"])), byID(appBal["accounts"]); got != want {
		t.Fatalf("partner balance %s, the app's %s", got, want)
	}
	e.Partner("/processor/balance/get", map[string]any{"processor_token": "processor-sandbox-nope"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}
