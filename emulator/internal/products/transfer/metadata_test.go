package transfer_test

import (
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestTransferCreateTakesMetadata: Plaid's Transfer quickstart sends
// "metadata": {"bill_id": "…"}; a map of strings is stored and returned,
// and a value that is not a string is INVALID_FIELD naming it.
func TestTransferCreateTakesMetadata(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	authorize := func() any {
		return plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": "debit",
			"network": "ach", "ach_class": "web", "amount": "12.34", "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])["id"]
	}
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "authorization_id": authorize(),
		"description": "bill", "metadata": map[string]any{"bill_id": "b-42", "note": ""}}).OK(t)["transfer"])
	md := plaidtest.Obj(tr["metadata"])
	if md["bill_id"] != "b-42" || md["note"] != "" || len(md) != 2 {
		t.Fatalf("metadata = %v", tr["metadata"])
	}
	got := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).OK(t)["transfer"])
	if plaidtest.Obj(got["metadata"])["bill_id"] != "b-42" {
		t.Fatalf("stored metadata = %v", got["metadata"])
	}
	for _, bad := range []any{map[string]any{"n": 5}, map[string]any{"x": map[string]any{}}, []any{"a"}, "s"} {
		r := e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "authorization_id": authorize(),
			"description": "bill", "metadata": bad})
		r.PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		if !strings.Contains(r.Body["error_message"].(string), "metadata") {
			t.Errorf("metadata %v: %s", bad, r.Raw)
		}
	}
}
