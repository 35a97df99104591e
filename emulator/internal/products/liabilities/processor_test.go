package liabilities_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestPartnerLiabilities: a partner reads the liabilities of its token's
// one account, as the app reads them; an account without any is Plaid's
// error.
func TestPartnerLiabilities(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"liabilities"}, nil)
	ids := e.AccountIDs(it.AccessToken)
	card := e.ProcessorToken(it.AccessToken, ids["Plaid Credit Card"], "galileo")
	checking := e.ProcessorToken(it.AccessToken, ids["Plaid Checking"], "galileo")
	l := e.Partner("/processor/liabilities/get", map[string]any{"processor_token": card}).OK(t)
	credit := plaidtest.List(plaidtest.Obj(l["liabilities"])["credit"])
	if plaidtest.Obj(l["account"])["account_id"] != ids["Plaid Credit Card"] || len(credit) != 1 || len(plaidtest.List(plaidtest.Obj(l["liabilities"])["student"])) != 0 {
		t.Fatalf("partner liabilities = %v", l)
	}
	app := e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	for _, c := range plaidtest.List(plaidtest.Obj(app["liabilities"])["credit"]) {
		if plaidtest.Obj(c)["account_id"] == ids["Plaid Credit Card"] && string(plaidtest.MustJSON(c)) != string(plaidtest.MustJSON(credit[0])) {
			t.Fatalf("partner and app disagree on the card:\n%s\n%s", plaidtest.MustJSON(credit[0]), plaidtest.MustJSON(c))
		}
	}
	e.Partner("/processor/liabilities/get", map[string]any{"processor_token": checking}).PlaidErr(t, 400, "ITEM_ERROR", "NO_LIABILITY_ACCOUNTS")
}
