package admin

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleItemsList serves GET /_emulator/items?q=&offset=&count= (count
// 1–500, default 50).
func (a *API) handleItemsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, count, err := wire.QueryPage(q, 50, 500)
	if err != nil {
		wire.WriteQueryError(w, err)
		return
	}
	items, total := a.d.ItemPage(q.Get("q"), offset, count)
	wire.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "offset": offset, "count": count})
}

// itemCalls are the Plaid paths an Item's page may call for it.
var itemCalls = map[string]bool{
	"/accounts/get": true, "/transactions/get": true, "/transactions/refresh": true, "/sandbox/transactions/create": true,
	"/sandbox/item/reset_login": true, "/sandbox/item/fire_webhook": true, "/item/remove": true, "/item/get": true,
	"/sandbox/item/set_verification_status": true, "/sandbox/transfer/fire_webhook": true,
}

// handleItemCall serves POST /_emulator/items/{item_id}/call with
// {"path": "/accounts/get", "body": {…}}: the call made as the Item's
// client with its access token, answered as {"status", "body"}.
func (a *API) handleItemCall(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Path string         `json:"path"`
		Body map[string]any `json:"body"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || !itemCalls[req.Path] {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "want {\"path\": one of the Item calls, \"body\": {…}}", "paths": slices.Sorted(maps.Keys(itemCalls))})
		return
	}
	status, body, ok := a.d.CallAsItem(mux.Vars(r)["item_id"], req.Path, req.Body, a.takesToken(req.Path))
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"status": status, "body": json.RawMessage(body)})
}

// handleItemTransactions serves GET /_emulator/items/{item_id}/transactions
// ?offset=&count= (count 1–500, default 25): the Item's live rows, newest
// first, as /transactions/get shows them, for the dashboard. It is a view:
// it adds no product, starts nothing and makes no journal entry. An Item
// without Transactions (or not yet ready) answers 409 saying so.
func (a *API) handleItemTransactions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, count, err := wire.QueryPage(q, 25, 500)
	if err != nil {
		wire.WriteQueryError(w, err)
		return
	}
	it, ok := a.d.Item(mux.Vars(r)["item_id"])
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	if !it.HasProduct("transactions") {
		wire.WriteJSON(w, http.StatusConflict, map[string]string{"error": "Transactions is not on this Item (an app has not called it)"})
		return
	}
	rows, ok := a.d.ItemTransactions(it, offset, count)
	if !ok {
		wire.WriteJSON(w, http.StatusConflict, map[string]string{"error": "the Item's transactions are not ready yet"})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(rows)
}
