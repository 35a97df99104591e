package items_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestAuthVerify: Database Auth without Link, by the Sandbox's account
// numbers: …1111 passes (a numbers match, verified) with John Smith's name
// scoring 100, …3333 passes with caution, others fail; well-formed numbers
// make an Item (DATABASE_INSIGHTS, no institution, the status on its one
// account), malformed ones make none and say so. Raw calls: plaid-go v20
// lacks the path (plaid-node's call is in testdata/clients/node).
func TestAuthVerify(t *testing.T) {
	e := plaidtest.New(t)
	check := func(account string, name any) map[string]any {
		body := map[string]any{"numbers": map[string]any{"ach": map[string]any{"routing": "011401533", "account": account}}}
		if name != nil {
			body["legal_name"] = name
		}
		return e.Call("/auth/verify", body).OK(t)
	}
	pass := check("1111222233331111", "John Smith")
	ins := plaidtest.Obj(pass["verification_insights"])
	if pass["verification_status"] != "database_insights_pass" || ins["name_match_score"] != 100.0 || ins["account_number_format"] != "valid" ||
		plaidtest.Obj(ins["network_status"])["is_numbers_match_verified"] != true || pass["item_id"] == nil {
		t.Fatalf("…1111: %v", pass)
	}
	if got := check("1111222233333333", nil); got["verification_status"] != "database_insights_pass_with_caution" || plaidtest.Obj(got["verification_insights"])["name_match_score"] != nil {
		t.Fatalf("…3333: %v", got)
	}
	if got := check("1111222233330000", "Jane Doe"); got["verification_status"] != "database_insights_fail" || plaidtest.Obj(got["verification_insights"])["name_match_score"] != 20.0 {
		t.Fatalf("…0000: %v", got)
	}
	bad := check("12", nil)
	if bad["item_id"] != nil || plaidtest.Obj(bad["verification_insights"])["account_number_format"] != "invalid" {
		t.Fatalf("malformed: %v", bad)
	}
	e.Call("/auth/verify", map[string]any{"numbers": map[string]any{"ach": map[string]any{"routing": "011401533"}}}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	items := plaidtest.List(e.Do("GET", "/_emulator/items", nil, nil).Body["items"])
	found := false
	for _, it := range items {
		if plaidtest.Obj(it)["item_id"] == pass["item_id"] {
			found = true
		}
	}
	if !found {
		t.Fatalf("the verified Item %v is not among %d Items", pass["item_id"], len(items))
	}
}
