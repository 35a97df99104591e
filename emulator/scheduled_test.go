package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// Moving the clock 72 h gives a dynamic user's Item Plaid's scheduled
// updates: new rows for /transactions/sync, DEFAULT_UPDATE and (the app
// having synced) SYNC_UPDATES_AVAILABLE. With ScheduledUpdates off the
// world stays still.
func TestClockMakesScheduledUpdates(t *testing.T) {
	for _, on := range []bool{true, false} {
		start := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		e := newEnv(t, withFrozenClock(start), func(o *emulator.Options) { o.ScheduledUpdates = on })
		rv := newReceiver(e)
		it := e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.url, "override_username": "user_transactions_dynamic", "override_password": "x"})
		first := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "count": 500}).ok(t)
		for first["has_more"] == true {
			first = e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": first["next_cursor"], "count": 500}).ok(t)
		}
		rv.waitFor(t, "HISTORICAL_UPDATE")
		before := len(rv.deliveries())
		if r := e.do(http.MethodPost, "/_emulator/clock", http.Header{"Content-Type": {"application/json"}}, map[string]any{"advance": "72h"}); r.status != 200 {
			t.Fatalf("advance: %d %s", r.status, r.raw)
		}
		next := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": first["next_cursor"], "count": 500}).ok(t)
		changed := len(list(next["added"])) + len(list(next["modified"]))
		if !on {
			if changed != 0 {
				t.Fatalf("with scheduled updates off, 72 h changed %d rows", changed)
			}
			e.waitWebhooks("state=delivered", before) // nothing new to wait for: the count stays
			if n := len(rv.deliveries()); n != before {
				t.Fatalf("with scheduled updates off, 72 h sent %d webhooks", n-before)
			}
			continue
		}
		if changed == 0 {
			t.Fatal("72 h of scheduled updates changed no row")
		}
		rv.waitFor(t, "DEFAULT_UPDATE")
		rv.waitFor(t, "SYNC_UPDATES_AVAILABLE")
	}
}
