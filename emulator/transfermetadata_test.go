package emulator_test

import (
	"strings"
	"testing"
)

// TestTransferCreateTakesMetadata: Plaid's Transfer quickstart sends
// "metadata": {"bill_id": "…"}; a map of strings is stored and returned,
// and a value that is not a string is INVALID_FIELD naming it.
func TestTransferCreateTakesMetadata(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	authorize := func() any {
		return obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "type": "debit",
			"network": "ach", "ach_class": "web", "amount": "12.34", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])["id"]
	}
	tr := obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "authorization_id": authorize(),
		"description": "bill", "metadata": map[string]any{"bill_id": "b-42", "note": ""}}).ok(t)["transfer"])
	md := obj(tr["metadata"])
	if md["bill_id"] != "b-42" || md["note"] != "" || len(md) != 2 {
		t.Fatalf("metadata = %v", tr["metadata"])
	}
	got := obj(e.call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).ok(t)["transfer"])
	if obj(got["metadata"])["bill_id"] != "b-42" {
		t.Fatalf("stored metadata = %v", got["metadata"])
	}
	for _, bad := range []any{map[string]any{"n": 5}, map[string]any{"x": map[string]any{}}, []any{"a"}, "s"} {
		r := e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "authorization_id": authorize(),
			"description": "bill", "metadata": bad})
		r.plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		if !strings.Contains(r.body["error_message"].(string), "metadata") {
			t.Errorf("metadata %v: %s", bad, r.raw)
		}
	}
}
