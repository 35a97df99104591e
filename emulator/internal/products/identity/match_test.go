package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestIdentityMatch scores what a user typed against user_good's owners,
// through plaid-go, and checks the selection and error paths raw.
func TestIdentityMatch(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	c := e.PlaidClient()
	ctx := context.Background()

	u := plaid.NewIdentityMatchUser()
	u.SetLegalName("alberta  bobbeth CHARLESON") // case and spacing do not matter
	u.SetPhoneNumber("+1 111-222-5555")
	u.SetEmailAddress("nobody@example.com")
	addr := plaid.NewAddressDataNullableNoRequiredFields()
	addr.SetStreet("2493 Leisure Lane")
	addr.SetPostalCode("93405")
	u.SetAddress(*addr)
	req := plaid.NewIdentityMatchRequest(it.AccessToken)
	req.SetUser(*u)
	resp, _, err := c.PlaidApi.IdentityMatch(ctx).IdentityMatchRequest(*req).Execute()
	plaidtest.Must(t, "identity/match", err)
	if len(resp.GetAccounts()) != 12 || !resp.Item.HasProducts() {
		t.Fatalf("accounts = %d, item = %+v", len(resp.GetAccounts()), resp.Item)
	}
	a := resp.GetAccounts()[0]
	name, addrScore := a.LegalName.Get(), a.Address.Get()
	if name.GetScore() != 100 || a.PhoneNumber.Get().GetScore() != 100 || a.EmailAddress.Get().GetScore() != 0 ||
		addrScore.GetScore() != 100 || !addrScore.GetIsPostalCodeMatch() {
		t.Fatalf("scores: name %+v phone %+v email %+v address %+v", name, a.PhoneNumber.Get(), a.EmailAddress.Get(), addrScore)
	}
	if !slices.Contains(resp.Item.GetProducts(), plaid.PRODUCTS_IDENTITY_MATCH) {
		t.Fatalf("identity_match not added to the Item: %v", resp.Item.GetProducts())
	}

	// No user: one entry per selected account, every score null.
	checking := a.GetAccountId()
	raw := e.Call("/identity/match", map[string]any{"access_token": it.AccessToken,
		"options": map[string]any{"account_ids": []string{checking}}}).OK(t)
	accs := plaidtest.List(raw["accounts"])
	if len(accs) != 1 || plaidtest.Obj(accs[0])["account_id"] != checking {
		t.Fatalf("selected accounts = %v", accs)
	}
	for _, k := range []string{"legal_name", "phone_number", "email_address", "address"} {
		if v, ok := plaidtest.Obj(accs[0])[k]; ok && v != nil {
			t.Fatalf("%s = %v with no user given", k, v)
		}
	}
	// A wrong last name scores 70 on the first name; a stranger scores 0.
	partial := e.Call("/identity/match", map[string]any{"access_token": it.AccessToken,
		"user": map[string]any{"legal_name": "Alberta Smith"}}).OK(t)
	if ln := plaidtest.Obj(plaidtest.Obj(plaidtest.List(partial["accounts"])[0])["legal_name"]); ln["score"] != 70.0 || ln["is_first_name_or_last_name_match"] != true {
		t.Fatalf("partial name = %v", ln)
	}
	none := e.Call("/identity/match", map[string]any{"access_token": it.AccessToken,
		"user": map[string]any{"legal_name": "John Doe"}}).OK(t)
	if ln := plaidtest.Obj(plaidtest.Obj(plaidtest.List(none["accounts"])[0])["legal_name"]); ln["score"] != 0.0 || ln["is_first_name_or_last_name_match"] != false {
		t.Fatalf("stranger's name = %v", ln)
	}

	e.Call("/identity/match", map[string]any{"access_token": it.AccessToken,
		"options": map[string]any{"account_ids": []string{"nope"}}}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	e.Call("/identity/match", map[string]any{"access_token": "access-sandbox-00000000-0000-0000-0000-000000000000"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/identity/match", map[string]any{"user": map[string]any{"legal_name": "x"}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	e.Call("/identity/match", map[string]any{"access_token": it.AccessToken, "user": map[string]any{"legal_name": 7}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
