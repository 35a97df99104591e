package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// An Item made at T, the clock then advanced 3 days in 6-hour steps, as
// an app would live through them: the rows pending at T post (each removed
// under its pending id and added again posted, naming it), the dynamic user
// gets new rows, and each update's webhooks come in Plaid's order —
// DEFAULT_UPDATE (and TRANSACTIONS_REMOVED when rows went), then
// SYNC_UPDATES_AVAILABLE — one update per step that changed anything.
func TestThreeDaysInSteps(t *testing.T) {
	start := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // a Monday, 01:00 UTC
	e := newEnv(t, withFrozenClock(start), func(o *emulator.Options) { o.ScheduledUpdates = true })
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.url,
		"override_username": "user_transactions_dynamic", "override_password": "x"})

	rows := plaidtest.Replica{} // what the app holds, by id
	cursor := ""
	sync := func() {
		for _, p := range e.SyncAll(it.accessToken, cursor, 500, nil) {
			rows.Apply(t, p)
			cursor = p["next_cursor"].(string)
		}
	}
	sync()
	rv.waitFor(t, "HISTORICAL_UPDATE")
	var pendingAtT []string
	for id, r := range rows {
		if r["pending"] == true {
			pendingAtT = append(pendingAtT, id)
		}
	}
	if len(pendingAtT) == 0 {
		t.Fatal("the dynamic user has no pending rows at T")
	}
	before, n0 := len(rv.deliveries()), len(rows)

	for step := range 12 { // 12 × 6 h = 3 days
		if r := e.do(http.MethodPost, "/_emulator/clock", http.Header{"Content-Type": {"application/json"}}, map[string]any{"advance": "6h"}); r.status != 200 {
			t.Fatalf("step %d: advance: %d %s", step, r.status, r.raw)
		}
		sync()
	}
	for _, id := range pendingAtT {
		if rows[id] != nil {
			t.Errorf("pending row %s is still there after 3 days", id)
		}
		posted := false
		for _, r := range rows {
			posted = posted || (r["pending_transaction_id"] == id && r["pending"] == false)
		}
		if !posted {
			t.Errorf("no posted row names pending row %s", id)
		}
	}
	if len(rows) <= n0 {
		t.Errorf("3 days of updates: %d rows, %d at T; the dynamic user got nothing new", len(rows), n0)
	}

	// The updates' webhooks, once all are delivered, in the order sent.
	total := len(e.webhooks("item_id=" + it.itemID))
	e.waitWebhooks("item_id="+it.itemID+"&state=delivered", total)
	var codes []string
	for _, d := range rv.deliveries()[before:] {
		codes = append(codes, d.code)
	}
	seq := strings.Join(codes, " ")
	updates := strings.Count(seq, "SYNC_UPDATES_AVAILABLE")
	if updates < 3 || updates > 12 {
		t.Fatalf("%d updates in 3 days (4 a day, each that changed rows): %s", updates, seq)
	}
	for _, u := range strings.SplitAfter(seq, "SYNC_UPDATES_AVAILABLE") {
		u = strings.TrimSpace(strings.ReplaceAll(u, "RECURRING_TRANSACTIONS_UPDATE", ""))
		if u == "" {
			continue
		}
		if u != "DEFAULT_UPDATE SYNC_UPDATES_AVAILABLE" && u != "DEFAULT_UPDATE TRANSACTIONS_REMOVED SYNC_UPDATES_AVAILABLE" &&
			u != "TRANSACTIONS_REMOVED SYNC_UPDATES_AVAILABLE" {
			t.Fatalf("an update's webhooks: %q (all: %s)", u, seq)
		}
	}
}
