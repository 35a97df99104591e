package emulator_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// With --state, a stop while the receiver never answers ends within its
// deadline and leaves the webhooks pending; the next start delivers them.
func TestPendingWebhooksSurviveShutdown(t *testing.T) {
	var answering atomic.Bool
	arrived := make(chan struct{}, 64)
	var delivered atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // read it all, so the server notices the emulator hanging up
		arrived <- struct{}{}
		if answering.Load() {
			delivered.Add(1)
			return
		}
		select { // never answers; the emulator cuts the attempt off
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
			t.Error("an attempt was not cut off at the shutdown deadline")
		}
	}))
	t.Cleanup(rcv.Close)
	path := filepath.Join(t.TempDir(), "state.json")
	withState := func(o *emulator.Options) { o.StateFile = path }

	a := newEnv(t, withState, withSeed(3))
	it := a.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rcv.URL})
	for range 2 { // INITIAL_UPDATE and HISTORICAL_UPDATE in flight
		select {
		case <-arrived:
		case <-time.After(10 * time.Second):
			t.Fatal("the webhooks never reached the receiver")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := a.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("shutdown took %v with a 300 ms deadline", d)
	}

	answering.Store(true)
	b := newEnv(t, withState, withSeed(3))
	got := b.waitWebhooks("state=delivered&item_id="+it.itemID, 2)
	codes := map[string]bool{}
	for _, w := range got {
		codes[w["webhook_code"].(string)] = true
	}
	if !codes["INITIAL_UPDATE"] || !codes["HISTORICAL_UPDATE"] {
		t.Fatalf("delivered after the restart: %v", codes)
	}
	if n := delivered.Load(); n < 2 {
		t.Fatalf("the receiver got %d deliveries after the restart", n)
	}
}
