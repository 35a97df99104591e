package accounts_test

import (
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestAccountsGetUserGood(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	got := e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	accts := plaidtest.List(got["accounts"])
	want := []struct {
		name, mask, typ, sub string
		avail, cur, limit    any
		official             any
	}{
		{"Plaid Checking", "0000", "depository", "checking", 100.0, 110.0, nil, "Plaid Gold Standard 0% Interest Checking"},
		{"Plaid Saving", "1111", "depository", "savings", 200.0, 210.0, nil, "Plaid Silver Standard 0.1% Interest Saving"},
		{"Plaid CD", "2222", "depository", "cd", nil, 1000.0, nil, "Plaid Bronze Standard 0.2% Interest CD"},
		{"Plaid Credit Card", "3333", "credit", "credit card", nil, 410.0, 2000.0, "Plaid Diamond 12.5% APR Interest Credit Card"},
		{"Plaid Money Market", "4444", "depository", "money market", 43200.0, 43200.0, nil, "Plaid Platinum Standard 1.85% Interest Money Market"},
		{"Plaid IRA", "5555", "investment", "ira", nil, 320.76, nil, nil},
		{"Plaid 401k", "6666", "investment", "401k", nil, 23631.9805, nil, nil},
		{"Plaid Student Loan", "7777", "loan", "student", nil, 65262.0, nil, nil},
		{"Plaid Mortgage", "8888", "loan", "mortgage", nil, 56302.06, nil, nil},
		{"Plaid HSA", "9001", "depository", "hsa", 6009.0, 6009.0, nil, "Plaid Cares Health Savings Account"},
		{"Plaid Cash Management", "9002", "depository", "cash management", 12060.0, 12060.0, nil, "Plaid Growth Cash Management"},
		{"Plaid Business Credit Card", "9999", "credit", "credit card", 4980.0, 5020.0, 10000.0, "Plaid Platinum Small Business Credit Card"},
	}
	if len(accts) != len(want) {
		t.Fatalf("user_good has %d accounts, want %d", len(accts), len(want))
	}
	for i, w := range want {
		a := plaidtest.Obj(accts[i])
		b := plaidtest.Obj(a["balances"])
		if a["name"] != w.name || a["mask"] != w.mask || a["type"] != w.typ || a["subtype"] != w.sub || a["official_name"] != w.official ||
			b["available"] != w.avail || b["current"] != w.cur || b["limit"] != w.limit || b["iso_currency_code"] != "USD" || b["unofficial_currency_code"] != nil {
			t.Errorf("account %d = %v, want %+v", i, a, w)
		}
		if !plaidtest.IDPattern.MatchString(a["account_id"].(string)) {
			t.Errorf("account_id %v", a["account_id"])
		}
	}
	itm := plaidtest.Obj(got["item"])
	if itm["item_id"] != it.ItemID || itm["institution_id"] != "ins_109508" || itm["webhook"] != nil || itm["error"] != nil ||
		!slices.Equal(plaidtest.Strings(itm["billed_products"]), []string{"transactions"}) || itm["consent_expiration_time"] != nil || itm["update_type"] != "background" {
		t.Fatalf("item = %v", itm)
	}
	// A second Item with the same credentials gets new ids.
	it2 := e.Link("ins_109508", []string{"transactions"}, nil)
	a2 := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it2.AccessToken}).OK(t)["accounts"])
	if it2.ItemID == it.ItemID || plaidtest.Obj(a2[0])["account_id"] == plaidtest.Obj(accts[0])["account_id"] {
		t.Fatal("a second Item reuses ids")
	}
}

func TestAccountFilterOption(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	all := plaidtest.List(e.Call("/accounts/balance/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	id := plaidtest.Obj(all[3])["account_id"].(string)
	for _, path := range []string{"/accounts/get", "/accounts/balance/get", "/identity/get"} {
		got := plaidtest.List(e.Call(path, map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_ids": []string{id}}}).OK(t)["accounts"])
		if len(got) != 1 || plaidtest.Obj(got[0])["account_id"] != id {
			t.Fatalf("%s with account_ids returned %v", path, got)
		}
		e.Call(path, map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_ids": []string{"nope"}}}).
			PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	}
}

func TestAuthGet(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	got := e.Call("/auth/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	accts := plaidtest.List(got["accounts"])
	nums := plaidtest.Obj(got["numbers"])
	for _, k := range []string{"ach", "eft", "international", "bacs"} {
		if _, ok := nums[k].([]any); !ok {
			t.Fatalf("numbers.%s is not an array: %v", k, nums[k])
		}
	}
	ach := plaidtest.List(nums["ach"])
	if len(accts) != 3 || len(ach) != 3 {
		t.Fatalf("auth returned %d accounts, %d ach; want checking, savings, cash management", len(accts), len(ach))
	}
	first := plaidtest.Obj(ach[0])
	if first["account"] != "1111222233330000" || first["routing"] != "011401533" || first["wire_routing"] != "021000021" ||
		first["account_id"] != plaidtest.Obj(accts[0])["account_id"] {
		t.Fatalf("checking ACH = %v", first)
	}
	// auth was added to the Item on first use.
	itm := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])
	if !slices.Contains(plaidtest.Strings(itm["billed_products"]), "auth") || slices.Contains(plaidtest.Strings(itm["available_products"]), "auth") {
		t.Fatalf("auth not added on first use: %v", itm)
	}
	// Only ineligible accounts selected → NO_AUTH_ACCOUNTS.
	all := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	card := plaidtest.Obj(all[3])["account_id"]
	e.Call("/auth/get", map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_ids": []any{card}}}).
		PlaidErr(t, 400, "ITEM_ERROR", "NO_AUTH_ACCOUNTS")
}
