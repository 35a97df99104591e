package emulator

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
)

// What the dashboard and the CLI see of Items and do to them. Acting on
// an Item is a Plaid call made as its client with its access token, so an
// action is exactly the call an app would make: the same checks, events,
// webhooks and journal entry.

// callAsItem makes a Plaid call through the emulator's own handler as the
// Item's client, with its access token added to body (false: no such Item).
func (s *Server) callAsItem(itemID, path string, body map[string]any, withToken bool) (int, []byte, bool) {
	it, ok := s.store.ItemByID(itemID)
	if !ok {
		return 0, nil, false
	}
	if body == nil {
		body = map[string]any{}
	}
	if withToken {
		body["access_token"] = s.store.AccessTokenOf(itemID)
	}
	status, out := s.callAs(it.ClientID, path, body)
	return status, out, true
}

// callAs makes a Plaid call as clientID (with its declared secret, if
// clients are declared).
func (s *Server) callAs(clientID, path string, body map[string]any) (int, []byte) {
	secret := cmp.Or(s.store.ClientSecret(clientID), "plaid-emulator-dashboard")
	b, _ := json.Marshal(body) // a map of JSON values always marshals
	return serveInProcess(context.WithValue(context.Background(), viaKey{}, "dashboard"), s.handler, path, b, http.Header{
		"Plaid-Client-Id": {clientID}, "Plaid-Secret": {secret}, "User-Agent": {"plaid-emulator dashboard"}})
}
