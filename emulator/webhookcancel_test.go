package emulator_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// DELETE /_emulator/webhooks forgets pending webhooks too and stops their
// deliveries: no retry, and no last attempt at shutdown.
func TestDeleteWebhooksCancelsPendingDeliveries(t *testing.T) {
	var attempts atomic.Int32
	seen := make(chan struct{}, 16)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		attempts.Add(1)
		seen <- struct{}{}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(rcv.Close)
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 100, Delay: time.Hour, Factor: 1}))
	e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rcv.URL})
	// INITIAL_UPDATE failed once and waits an hour; HISTORICAL_UPDATE waits
	// behind it (an Item's webhooks go in order).
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
		t.Fatal("no attempt reached the receiver")
	}
	if got := len(e.webhooks("state=pending")); got != 2 {
		t.Fatalf("%d pending webhooks, want 2", got)
	}
	if r := e.do(http.MethodDelete, "/_emulator/webhooks", http.Header{}, nil); r.status != 200 || r.body["deleted"] != 2.0 {
		t.Fatalf("clear: %d %s", r.status, r.raw)
	}
	if got := e.webhooks(""); len(got) != 0 {
		t.Fatalf("log after DELETE: %v", got)
	}
	done := make(chan error, 1)
	go func() { done <- e.srv.Close() }() // a pending webhook would get a last attempt here
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown waited for cancelled deliveries")
	}
	if n := attempts.Load(); n != 1 {
		t.Fatalf("the receiver got %d attempts, want 1 (none after DELETE)", n)
	}
}

// The webhook log keeps at most WebhookLogSize finished webhooks, the
// oldest going first; a pending one is never evicted.
func TestWebhookLogIsBounded(t *testing.T) {
	okHits := make(chan struct{}, 100)
	okRcv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { okHits <- struct{}{} }))
	t.Cleanup(okRcv.Close)
	badHits := make(chan struct{}, 10)
	badRcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		badHits <- struct{}{}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(badRcv.Close)
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 100, Delay: time.Hour, Factor: 1}),
		func(o *emulator.Options) { o.WebhookLogSize = 16 })
	wait := func(ch chan struct{}, what string) {
		t.Helper()
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("no %s", what)
		}
	}
	fire := func(it item, code string) {
		t.Helper()
		e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": code}).ok(t)
	}
	stuck := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": badRcv.URL})
	fire(stuck, "NEW_ACCOUNTS_AVAILABLE") // the oldest record: it stays pending
	wait(badHits, "attempt at the failing receiver")
	fine := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": okRcv.URL})
	for range 39 {
		fire(fine, "NEW_ACCOUNTS_AVAILABLE")
		wait(okHits, "delivery")
	}
	fire(fine, "USER_ACCOUNT_REVOKED") // the newest, told apart by its code
	e.waitWebhooks("state=delivered&webhook_code=USER_ACCOUNT_REVOKED&item_id="+fine.itemID, 1)
	if p := e.webhooks("state=pending&item_id=" + stuck.itemID); len(p) != 1 {
		t.Fatalf("the pending webhook was evicted: %v", p)
	}
	var finished []map[string]any
	for _, w := range e.webhooks("item_id=" + fine.itemID) {
		if w["state"] != "pending" {
			finished = append(finished, w)
		}
	}
	if len(finished) == 0 || len(finished) > 16 {
		t.Fatalf("%d finished webhooks kept, want 1 to 16", len(finished))
	}
	if last := finished[len(finished)-1]; last["webhook_code"] != "USER_ACCOUNT_REVOKED" {
		t.Fatalf("the newest kept is %v %v, want the last one sent", last["id"], last["webhook_code"])
	}
}
