package identity_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestPartnerIdentity: a partner reads the owners of its token's one
// account and scores a user against them as the app does for that account.
func TestPartnerIdentity(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"identity"}, nil)
	checkingID := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	tok := e.ProcessorToken(it.AccessToken, checkingID, "dwolla")
	of := func(body map[string]any) map[string]any {
		for _, a := range plaidtest.List(body["accounts"]) {
			if plaidtest.Obj(a)["account_id"] == checkingID {
				return plaidtest.Obj(a)
			}
		}
		t.Fatalf("no checking account in %v", body)
		return nil
	}

	got := e.Partner("/processor/identity/get", map[string]any{"processor_token": tok}).OK(t)
	app := of(e.Call("/identity/get", map[string]any{"access_token": it.AccessToken}).OK(t))
	owners := plaidtest.List(plaidtest.Obj(got["account"])["owners"])
	if len(owners) == 0 || string(plaidtest.MustJSON(owners)) != string(plaidtest.MustJSON(app["owners"])) {
		t.Fatalf("partner owners %v, the app's %v", owners, app["owners"])
	}

	user := map[string]any{"legal_name": "Alberta Charleson", "phone_number": "+1 111-222-3333", "email_address": "ACCOUNTHOLDER0@example.com",
		"address": map[string]any{"street": "2992 Cameron Road", "postal_code": "14236"}}
	m := plaidtest.Obj(e.Partner("/processor/identity/match", map[string]any{"processor_token": tok, "user": user}).OK(t)["account"])
	appM := of(e.Call("/identity/match", map[string]any{"access_token": it.AccessToken, "user": user}).OK(t))
	for _, k := range []string{"legal_name", "phone_number", "email_address", "address"} {
		if plaidtest.Obj(m[k])["score"] == nil || string(plaidtest.MustJSON(m[k])) != string(plaidtest.MustJSON(appM[k])) {
			t.Fatalf("partner %s match %v, the app's %v", k, m[k], appM[k])
		}
	}
}
