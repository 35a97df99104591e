package emulator

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// What the dashboard and the CLI see of Items and do to them. Acting on
// an Item is a Plaid call made as its client with its access token, so an
// action is exactly the call an app would make: the same checks, events,
// webhooks and journal entry.

type itemSummary struct {
	ItemID          string   `json:"item_id"`
	ClientID        string   `json:"client_id"`
	InstitutionID   string   `json:"institution_id"`
	InstitutionName string   `json:"institution_name"`
	Username        string   `json:"username"`
	Status          string   `json:"status"` // HEALTHY or the Item's error code
	Products        []string `json:"products"`
	Accounts        int      `json:"accounts"`
	CreatedAt       string   `json:"created_at"`
}

// itemPage is the Items matching q (in id, client, bank or user, case
// folded), newest first, count of them from offset, and how many match.
func (s *store) itemPage(q string, offset, count int) ([]itemSummary, int) {
	q = strings.ToLower(q)
	s.mu.RLock()
	defer s.mu.RUnlock()
	// Newest first: sorted on a key made once per Item (its creation time,
	// then its id), not on the Items themselves, so that a page of 10,000
	// costs a sort of small values.
	type key struct {
		sec  int64
		nsec int
		id   string
		it   *product.Item
	}
	matched := make([]key, 0, len(s.items))
	for _, it := range s.items {
		if q == "" || strings.Contains(strings.ToLower(it.ID+" "+it.ClientID+" "+it.InstitutionName+" "+it.InstitutionID+" "+it.Username), q) {
			matched = append(matched, key{it.CreatedAt.Unix(), it.CreatedAt.Nanosecond(), it.ID, it})
		}
	}
	slices.SortFunc(matched, func(a, b key) int {
		return cmp.Or(cmp.Compare(b.sec, a.sec), cmp.Compare(b.nsec, a.nsec), strings.Compare(b.id, a.id))
	})
	total := len(matched)
	out := []itemSummary{}
	from := min(offset, total)
	for _, k := range matched[from : from+min(count, total-from)] {
		it := k.it
		st := "HEALTHY"
		if it.Err != nil {
			st = it.Err.ErrorCode
		}
		out = append(out, itemSummary{ItemID: it.ID, ClientID: it.ClientID, InstitutionID: it.InstitutionID, InstitutionName: it.InstitutionName,
			Username: it.Username, Status: st, Products: product.NonNil(it.Products), Accounts: len(it.Accounts), CreatedAt: product.RFC3339(it.CreatedAt)})
	}
	return out, total
}

// handleItemsList serves GET /_emulator/items?q=&offset=&count= (count
// 1–500, default 50).
func (s *Server) handleItemsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, count, err := wire.QueryPage(q, 50, 500)
	if err != nil {
		wire.WriteQueryError(w, err)
		return
	}
	items, total := s.store.itemPage(q.Get("q"), offset, count)
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
func (s *Server) handleItemCall(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Path string         `json:"path"`
		Body map[string]any `json:"body"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || !itemCalls[req.Path] {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "want {\"path\": one of the Item calls, \"body\": {…}}", "paths": slices.Sorted(maps.Keys(itemCalls))})
		return
	}
	status, body, ok := s.callAsItem(mux.Vars(r)["item_id"], req.Path, req.Body)
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"status": status, "body": json.RawMessage(body)})
}

// callAsItem makes a Plaid call through the emulator's own handler as the
// Item's client, with its access token added to body (false: no such Item).
func (s *Server) callAsItem(itemID, path string, body map[string]any) (int, []byte, bool) {
	it, ok := s.store.itemByID(itemID)
	if !ok {
		return 0, nil, false
	}
	if body == nil {
		body = map[string]any{}
	}
	if path != "/sandbox/transfer/fire_webhook" {
		body["access_token"] = s.store.accessTokenOf(itemID)
	}
	status, out := s.callAs(it.ClientID, path, body)
	return status, out, true
}

// callAs makes a Plaid call as clientID (with its declared secret, if
// clients are declared).
func (s *Server) callAs(clientID, path string, body map[string]any) (int, []byte) {
	secret := cmp.Or(s.store.clientSecret(clientID), "plaid-emulator-dashboard")
	b, _ := json.Marshal(body) // a map of JSON values always marshals
	return serveInProcess(context.WithValue(context.Background(), viaKey{}, "dashboard"), s.handler, path, b, http.Header{
		"Plaid-Client-Id": {clientID}, "Plaid-Secret": {secret}, "User-Agent": {"plaid-emulator dashboard"}})
}

// handleItemTransactions serves GET /_emulator/items/{item_id}/transactions
// ?offset=&count= (count 1–500, default 25): the Item's live rows, newest
// first, as /transactions/get shows them, for the dashboard. It is a view:
// it adds no product, starts nothing and makes no journal entry. An Item
// without Transactions (or not yet ready) answers 409 saying so.
func (s *Server) handleItemTransactions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, count, err := wire.QueryPage(q, 25, 500)
	if err != nil {
		wire.WriteQueryError(w, err)
		return
	}
	it, ok := s.store.itemByID(mux.Vars(r)["item_id"])
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	if !it.HasProduct("transactions") {
		wire.WriteJSON(w, http.StatusConflict, map[string]string{"error": "Transactions is not on this Item (an app has not called it)"})
		return
	}
	resp, werr := s.transactions.GetCore(it, false, nil, "1900-01-01", "2999-12-31", &count, &offset, nil)
	if werr != nil {
		wire.WriteJSON(w, http.StatusConflict, map[string]string{"error": "the Item's transactions are not ready yet"})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(resp.AppendJSON(nil, ""))
}
