package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// A clock that follows wall time makes the scheduled update too: started
// just before 06:00 UTC, the Item's transactions are refreshed at 06:00
// without anyone moving the clock.
func TestScheduledUpdateOnAWallClock(t *testing.T) {
	old := scheduleTick
	scheduleTick = 20 * time.Millisecond
	defer func() { scheduleTick = old }()
	start := time.Date(2026, 3, 2, 5, 59, 59, 0, time.UTC)
	s, err := New(Options{Fixtures: fixtures.Default(), Seed: 3, StartTime: start, ScheduledUpdates: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	call := func(path, body string) map[string]any {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"c"}, "Plaid-Secret": {"s"}}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return out
	}
	pt := call("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_transactions_dynamic","override_password":"x"}}`)
	ex := call("/item/public_token/exchange", `{"public_token":"`+pt["public_token"].(string)+`"}`)
	id := ex["item_id"].(string)
	six := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if at, ok := s.store.TxLastUpdate(id); ok && at.Equal(six) {
			return // refreshed at the scheduled time
		}
		if time.Now().After(deadline) {
			at, _ := s.store.TxLastUpdate(id)
			t.Fatalf("no update at 06:00 within 10 s (last update %v, clock %v)", at, s.clock.Now())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
