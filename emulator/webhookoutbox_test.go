package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
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
	path := filepath.Join(t.TempDir(), "state.db")
	withState := func(o *emulator.Options) { o.StateFile = path }

	a := newEnv(t, withState, withSeed(3))
	it := a.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rcv.URL})
	select { // INITIAL_UPDATE in flight; HISTORICAL_UPDATE waits its turn
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the webhook never reached the receiver")
	}
	if p := a.webhooks("state=pending&item_id=" + it.itemID); len(p) != 2 {
		t.Fatalf("%d pending webhooks before the stop, want 2", len(p))
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

// An Item's webhooks reach its receiver in the order they were caused, even
// when the first needs a retry: HISTORICAL_UPDATE never before INITIAL_UPDATE.
func TestWebhooksOfAnItemArriveInOrder(t *testing.T) {
	var mu sync.Mutex
	failed := map[string]bool{} // item_id → its INITIAL_UPDATE failed once
	var order []string          // item_id/code of each delivery answered 200
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ItemID string `json:"item_id"`
			Code   string `json:"webhook_code"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		defer mu.Unlock()
		if body.Code == "INITIAL_UPDATE" && !failed[body.ItemID] {
			failed[body.ItemID] = true
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		order = append(order, body.ItemID+"/"+body.Code)
	}))
	t.Cleanup(rcv.Close)
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 5, Delay: 20 * time.Millisecond, Factor: 1}))
	var items []item
	for range 3 {
		items = append(items, e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rcv.URL}))
	}
	for _, it := range items {
		e.waitWebhooks("state=delivered&webhook_code=HISTORICAL_UPDATE&item_id="+it.itemID, 1)
		e.waitWebhooks("state=delivered&webhook_code=INITIAL_UPDATE&item_id="+it.itemID, 1)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, it := range items {
		initial := slices.Index(order, it.itemID+"/INITIAL_UPDATE")
		historical := slices.Index(order, it.itemID+"/HISTORICAL_UPDATE")
		if initial < 0 || historical < 0 || historical < initial {
			t.Fatalf("item %s: deliveries in the order %v", it.itemID, order)
		}
	}
}
