package emulator_test

import (
	"net/http"
	"testing"
)

// Every call that touches an Item is journaled with its item_id: the ones
// that make an Item (sandbox public token, sandbox processor token,
// headless Link), the ones that name it by access, processor or link
// token, and the ones whose token is gone after.
func TestJournalNamesTheItemOfEveryItemCall(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth", "transactions"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	proc := e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "processor": "dwolla"}).ok(t)["processor_token"]
	e.call("/processor/auth/get", map[string]any{"processor_token": proc}).ok(t)
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	upd := e.call("/link/token/create", map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"},
		"user": map[string]any{"client_user_id": "u"}, "access_token": it.accessToken}).ok(t)["link_token"]
	e.do(http.MethodPost, "/_emulator/link/complete", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": upd})
	e.call("/link/token/get", map[string]any{"link_token": upd}).ok(t)
	sp := e.call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_109508"}).ok(t)["processor_token"]
	e.call("/processor/account/get", map[string]any{"processor_token": sp}).ok(t)

	r := e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil)
	for _, x := range list(r.body["requests"]) {
		q := obj(x)
		path := q["path"].(string)
		switch path {
		case "/link/token/create":
			if q["item_id"] != it.itemID { // update mode: the token names the Item
				t.Errorf("%s (update mode): item_id %v, want %s", path, q["item_id"], it.itemID)
			}
			continue
		}
		if id, _ := q["item_id"].(string); id == "" {
			t.Errorf("%s: no item_id in the journal", path)
		}
	}
}
