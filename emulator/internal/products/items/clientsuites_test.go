package items_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Where plaid-go's and plaid-node's own integration tests, written against
// the real Sandbox, disagreed with the emulator: they call /item/public_token/create
// and /item/import.
func TestItemPathsPlaidsSuitesCall(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	pt := e.Call("/item/public_token/create", map[string]any{"access_token": it.AccessToken}).OK(t)
	if ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).OK(t); ex["item_id"] != it.ItemID {
		t.Fatalf("the created public token exchanged for %v", ex["item_id"])
	}
	imp := e.Call("/item/import", map[string]any{"products": []string{"auth", "identity"}, "user_auth": map[string]any{"user_id": "user_good", "auth_token": "pass_good"},
		"options": map[string]any{"webhook": "http://127.0.0.1:9/hook"}}).OK(t)
	if len(plaidtest.List(e.Call("/auth/get", map[string]any{"access_token": imp["access_token"]}).OK(t)["accounts"])) == 0 {
		t.Fatal("the imported Item has no Auth accounts")
	}
	e.Call("/item/import", map[string]any{"products": []string{"auth"}, "user_auth": map[string]any{"user_id": "user_good", "auth_token": "wrong"}}).
		PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
}
