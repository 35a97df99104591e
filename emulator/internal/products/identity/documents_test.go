package identity_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestDocumentsUploadsGet: each selected account with its owners (those of
// /identity/get) and null documents, the Item, Identity added; an
// unknown account id is INVALID_ACCOUNT_ID. A raw call: plaid-go v20
// lacks the path (plaid-node's is in testdata/clients/node).
func TestDocumentsUploadsGet(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	checking := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	got := e.Call("/identity/documents/uploads/get", map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_ids": []string{checking}}}).OK(t)
	accts := plaidtest.List(got["accounts"])
	if len(accts) != 1 {
		t.Fatalf("%d accounts for one asked", len(accts))
	}
	a := plaidtest.Obj(accts[0])
	if a["account_id"] != checking || a["documents"] != nil || len(plaidtest.List(a["owners"])) == 0 || plaidtest.Obj(got["item"])["item_id"] != it.ItemID {
		t.Fatalf("documents/uploads/get = %v", got)
	}
	ident := plaidtest.List(e.Call("/identity/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	if string(plaidtest.MustJSON(plaidtest.Obj(ident[0])["owners"])) != string(plaidtest.MustJSON(a["owners"])) {
		t.Fatalf("owners differ from /identity/get's")
	}
	e.Call("/identity/documents/uploads/get", map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_ids": []string{"nope"}}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
}
