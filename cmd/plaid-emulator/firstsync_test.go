package main

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serveDefaults runs the binary's serve command in-process with only
// --addr set, the way a new user starts it, and returns its URL.
func serveDefaults(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, io.Discard, pw)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the emulator did not stop")
		}
	})
	if url, ok := listenURL(pr); ok {
		return url
	}
	t.Fatal("the emulator stopped before listening")
	return ""
}

// With the binary's default flags a new Item takes the first-sync path
// Plaid's docs describe: the first /transactions/sync is NOT_READY, then
// INITIAL_UPDATE and SYNC_UPDATES_AVAILABLE (initial complete), then
// HISTORICAL_UPDATE and SYNC_UPDATES_AVAILABLE (historical complete), and
// a sync after that returns the whole history.
func TestDefaultFlagsFirstSync(t *testing.T) {
	base := serveDefaults(t)
	rv := &receiver{}
	hook := httptest.NewServer(rv)
	defer hook.Close()
	pt := plaidCall(t, base, "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508",
		"initial_products": []string{"transactions"}, "options": map[string]any{"webhook": hook.URL}})
	tok := plaidCall(t, base, "/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]})["access_token"]

	first := plaidCall(t, base, "/transactions/sync", map[string]any{"access_token": tok})
	if first["transactions_update_status"] != "NOT_READY" || first["next_cursor"] != "" || len(first["added"].([]any)) != 0 {
		t.Fatalf("first sync with default flags: status %v, cursor %q, %d rows", first["transactions_update_status"], first["next_cursor"], len(first["added"].([]any)))
	}
	deadline := time.Now().Add(15 * time.Second)
	for !rv.hasSync(true) {
		if time.Now().After(deadline) {
			t.Fatalf("no SYNC_UPDATES_AVAILABLE with historical_update_complete; got %v", rv.codes())
		}
		webhookLog(t, base, "webhook_code=NONE&wait=50ms") // a short long poll, not a sleep
	}
	want := []string{"INITIAL_UPDATE", "SYNC_UPDATES_AVAILABLE initial", "HISTORICAL_UPDATE", "SYNC_UPDATES_AVAILABLE historical"}
	if got := rv.codes(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("webhooks %v, want Plaid's order %v", got, want)
	}
	rows, cursor := 0, ""
	for range 20 {
		p := plaidCall(t, base, "/transactions/sync", map[string]any{"access_token": tok, "cursor": cursor, "count": 500})
		if p["transactions_update_status"] != "HISTORICAL_UPDATE_COMPLETE" {
			t.Fatalf("after the webhooks: status %v", p["transactions_update_status"])
		}
		rows += len(p["added"].([]any))
		cursor = p["next_cursor"].(string)
		if p["has_more"] != true {
			break
		}
	}
	if rows == 0 {
		t.Fatal("no rows after SYNC_UPDATES_AVAILABLE")
	}
}

// With --freeze-clock and no --transactions-ready-after, data is ready at
// once: a still world for suites that move the clock themselves.
func TestFrozenClockIsReadyAtOnce(t *testing.T) {
	base := serveDefaults(t, "--freeze-clock")
	pt := plaidCall(t, base, "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"}})
	tok := plaidCall(t, base, "/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]})["access_token"]
	if p := plaidCall(t, base, "/transactions/sync", map[string]any{"access_token": tok}); p["transactions_update_status"] != "HISTORICAL_UPDATE_COMPLETE" {
		t.Fatalf("frozen clock: first sync status %v", p["transactions_update_status"])
	}
}

// codes lists the TRANSACTIONS webhooks received, in order, a
// SYNC_UPDATES_AVAILABLE named by the stage it completes.
func (rv *receiver) codes() []string {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	var out []string
	for _, m := range rv.got {
		if m["webhook_type"] != "TRANSACTIONS" {
			continue
		}
		c, _ := m["webhook_code"].(string)
		if c == "SYNC_UPDATES_AVAILABLE" {
			c += map[bool]string{true: " historical", false: " initial"}[m["historical_update_complete"] == true]
		}
		out = append(out, c)
	}
	return out
}

func (rv *receiver) hasSync(historical bool) bool {
	return strings.Contains(strings.Join(rv.codes(), ","), "SYNC_UPDATES_AVAILABLE "+map[bool]string{true: "historical", false: "initial"}[historical])
}
