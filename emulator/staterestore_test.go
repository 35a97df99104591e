package emulator_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// requestID matches the one part of an answer that differs between calls.
var requestID = regexp.MustCompile(`"request_id":"[^"]*"`)

// TestRestoreGivesTheSameBytes: with a frozen clock, an Item's answers
// (accounts, identity, transactions with pending rows posted and user-made
// rows, a paged sync, the Item) are byte for byte the same after a
// restart from the database, request ids aside.
func TestRestoreGivesTheSameBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	opts := []envOption{withFrozenClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)), func(o *emulator.Options) { o.StateFile = path }}
	e := newEnv(t, opts...)
	it := e.link("ins_109508", []string{"transactions", "identity"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	pages := e.SyncAll(it.accessToken, "", 7, nil)
	cursor := pages[len(pages)-1]["next_cursor"]
	e.call("/transactions/refresh", map[string]any{"access_token": it.accessToken}).ok(t)
	e.call("/sandbox/transactions/create", map[string]any{"access_token": it.accessToken, "transactions": []map[string]any{
		{"date_transacted": "2026-03-01", "date_posted": "2026-03-02", "amount": 12.34, "description": "Corner café", "iso_currency_code": "USD"}}}).ok(t)
	calls := []struct {
		path string
		body map[string]any
	}{
		{"/accounts/get", map[string]any{"access_token": it.accessToken}},
		{"/identity/get", map[string]any{"access_token": it.accessToken}},
		{"/item/get", map[string]any{"access_token": it.accessToken}},
		{"/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2025-01-01", "end_date": "2026-12-31", "options": map[string]any{"count": 500}}},
		{"/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": cursor, "count": 500}},
	}
	before := make([][]byte, len(calls))
	for i, c := range calls {
		r := e.call(c.path, c.body)
		r.ok(t)
		before[i] = requestID.ReplaceAll(r.raw, nil)
	}
	if changes := e.call("/transactions/sync", calls[4].body).ok(t); len(list(changes["added"])) < 2 || len(list(changes["removed"])) == 0 {
		t.Fatalf("the refresh and the user's row should have added and removed rows: %.300s", mustJSON(changes))
	}
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, opts...)
	for i, c := range calls {
		r := e2.call(c.path, c.body)
		r.ok(t)
		if after := requestID.ReplaceAll(r.raw, nil); !bytes.Equal(after, before[i]) {
			t.Errorf("%s differs after the restart:\nbefore %.400s\nafter  %.400s", c.path, before[i], after)
		}
	}

	// A reset empties the database too: a restart after it holds nothing.
	e2.do("POST", "/_emulator/reset", nil, nil)
	if err := e2.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e3 := newEnv(t, opts...)
	e3.call("/accounts/get", map[string]any{"access_token": it.accessToken}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}
