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
	for range 2 { // INITIAL_UPDATE and HISTORICAL_UPDATE, each failed once and waiting an hour
		select {
		case <-seen:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d attempts reached the receiver", attempts.Load())
		}
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
	if n := attempts.Load(); n != 2 {
		t.Fatalf("the receiver got %d attempts, want 2 (none after DELETE)", n)
	}
}
