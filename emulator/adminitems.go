package emulator

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
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
