package emulator_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

func TestResetLoginWebhookIsSignedAndCanonical(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	d := rv.waitFor(t, "ERROR")
	if d.typ != "ITEM" || d.body["item_id"] != it.itemID || d.body["environment"] != "sandbox" {
		t.Fatalf("body = %s", d.raw)
	}
	pe := obj(d.body["error"])
	if pe["error_code"] != "ITEM_LOGIN_REQUIRED" || pe["status"] != 400.0 {
		t.Fatalf("error = %v", pe)
	}
	if _, has := pe["request_id"]; has {
		t.Fatal("a webhook's error carries request_id")
	}
	if !canonicalOK(d.raw) || !strings.Contains(string(d.raw), "\n  \"environment\": \"sandbox\",\n  \"error\": {") {
		t.Fatalf("body is not 2-space, sorted-key JSON:\n%s", d.raw)
	}
	st := obj(obj(e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)["status"])["last_webhook"])
	if st["code_sent"] != "ERROR" || st["sent_at"] == nil {
		t.Fatalf("status.last_webhook = %v", st)
	}
}

func TestWebhookRetriesUntilDelivered(t *testing.T) {
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 5, Delay: 20 * time.Millisecond, Factor: 1}))
	rv := newReceiver(e)
	rv.Answer = func(n int) int {
		if n <= 2 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	}
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	rec := e.waitWebhooks("webhook_code=ERROR&state=delivered", 1)[0]
	atts := list(rec["attempts"])
	if len(atts) != 3 || obj(atts[0])["status"] != 503.0 || obj(atts[2])["status"] != 200.0 || obj(atts[0])["error"] == nil {
		t.Fatalf("attempts = %v", atts)
	}
	if len(rv.deliveries()) != 1 {
		t.Fatalf("acknowledged %d times", len(rv.deliveries()))
	}
	if h := obj(rec["headers"]); !strings.HasPrefix(h["Plaid-Verification"].(string), "ey") {
		t.Fatalf("headers = %v", h)
	}
}

func TestWebhookExhaustedIsLogged(t *testing.T) {
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 3, Delay: 10 * time.Millisecond, Factor: 2}))
	rv := newReceiver(e)
	rv.Answer = func(int) int { return http.StatusInternalServerError }
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	rec := e.waitWebhooks("state=exhausted", 1)[0]
	if len(list(rec["attempts"])) != 3 {
		t.Fatalf("attempts = %v", rec["attempts"])
	}
}

func TestWebhookReceiverDownThenBack(t *testing.T) {
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 100, Delay: 20 * time.Millisecond, Factor: 1}))
	// Reserve a port, then close it: deliveries are refused until it is back.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": "http://" + addr + "/hook"})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	// Wait until the log shows refused attempts.
	deadline := time.Now().Add(10 * time.Second)
	for {
		recs := e.webhooks("webhook_code=ERROR")
		if len(recs) == 1 && len(list(recs[0]["attempts"])) >= 2 {
			if msg, _ := obj(list(recs[0]["attempts"])[0])["error"].(string); !strings.Contains(msg, "refused") {
				t.Fatalf("attempt error = %q", msg)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no refused attempts logged")
		}
		e.webhooks("webhook_code=NONE&wait=50ms") // a bounded wait on the log, not a sleep
	}
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("port %s was taken meanwhile: %v", addr, err)
	}
	rv := newReceiver(e)
	rv.srv.Close()
	back := httptest.NewUnstartedServer(rv)
	back.Listener.Close()
	back.Listener = ln
	back.Start()
	defer back.Close()
	rec := e.waitWebhooks("webhook_code=ERROR&state=delivered", 1)[0]
	if n := len(list(rec["attempts"])); n < 3 {
		t.Fatalf("delivered after %d attempts", n)
	}
	if len(rv.deliveries()) != 1 {
		t.Fatalf("receiver acknowledged %d", len(rv.deliveries()))
	}
}

// TestNoWebhookLostUnderLoad: 1,000 webhooks to a receiver that fails half
// of its attempts at random; every one ends delivered, none acknowledged twice.
func TestNoWebhookLostUnderLoad(t *testing.T) {
	const n = 1000
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 40, Delay: 5 * time.Millisecond, Factor: 1}))
	rv := newReceiver(e)
	rng := rand.New(rand.NewPCG(1, 2))
	var rngMu sync.Mutex
	rv.Answer = func(int) int {
		rngMu.Lock()
		defer rngMu.Unlock()
		if rng.IntN(2) == 0 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	}
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	for range n {
		e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(e.webhooks("state=pending")) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("deliveries still pending after 60 s")
		}
		e.webhooks("state=exhausted&wait=200ms")
	}
	delivered := e.webhooks("state=delivered")
	if len(delivered) != n || len(e.webhooks("state=exhausted")) != 0 {
		t.Fatalf("delivered %d of %d", len(delivered), n)
	}
	acks := rv.Acks()
	if len(acks) != n {
		t.Fatalf("receiver acknowledged %d distinct webhooks, want %d", len(acks), n)
	}
	for id, k := range acks {
		if k != 1 {
			t.Fatalf("webhook %s acknowledged %d times", id, k)
		}
	}
}

func TestWebhookLogFiltersRedeliverAndClear(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	a := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	b := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": a.accessToken}).ok(t)
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": b.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
	e.waitWebhooks("state=delivered", 2)
	if got := e.webhooks("item_id=" + a.itemID); len(got) != 1 || got[0]["webhook_code"] != "ERROR" {
		t.Fatalf("item filter = %v", got)
	}
	if got := e.webhooks("webhook_type=ITEM&webhook_code=NEW_ACCOUNTS_AVAILABLE"); len(got) != 1 || got[0]["item_id"] != b.itemID {
		t.Fatalf("type/code filter = %v", got)
	}
	var body map[string]any
	_ = json.Unmarshal(mustJSON(e.webhooks("item_id=" + a.itemID)[0]["body"]), &body)
	if body["webhook_code"] != "ERROR" {
		t.Fatalf("logged body = %v", body)
	}
	id := e.webhooks("item_id=" + a.itemID)[0]["id"].(string)
	re := e.do(http.MethodPost, "/_emulator/webhooks/"+id+"/redeliver", http.Header{}, nil)
	if re.status != 202 || re.body["redelivery_of"] != id {
		t.Fatalf("redeliver: %d %s", re.status, re.raw)
	}
	e.waitWebhooks("state=delivered&item_id="+a.itemID, 2)
	if n := len(rv.deliveries()); n != 3 {
		t.Fatalf("receiver got %d deliveries", n)
	}
	if r := e.do(http.MethodPost, "/_emulator/webhooks/nope/redeliver", http.Header{}, nil); r.status != 404 {
		t.Fatalf("unknown redeliver: %d", r.status)
	}
	if r := e.do(http.MethodDelete, "/_emulator/webhooks", http.Header{}, nil); r.status != 200 || r.body["deleted"] != 3.0 {
		t.Fatalf("clear: %d %s", r.status, r.raw)
	}
	if len(e.webhooks("")) != 0 {
		t.Fatal("log not cleared")
	}
	// wait returns empty after the deadline when nothing matches.
	start := time.Now()
	if got := e.webhooks("webhook_code=NEVER&wait=300ms"); len(got) != 0 || time.Since(start) < 250*time.Millisecond {
		t.Fatalf("wait returned %v after %v", got, time.Since(start))
	}
}

func TestNoWebhookWithoutURL(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).
		plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_WEBHOOK_INVALID")
	if got := e.webhooks(""); len(got) != 0 {
		t.Fatalf("webhooks logged for an Item without a URL: %v", got)
	}
}

// TestShutdownDrainsWebhooks: a webhook waiting an hour for its retry gets
// its last attempt at shutdown instead of being dropped.
func TestShutdownDrainsWebhooks(t *testing.T) {
	e := newEnv(t, withRetry(emulator.RetryPolicy{Delay: time.Hour, Factor: 1, MaxElapsed: 48 * time.Hour}))
	rv := newReceiver(e)
	rv.Answer = func(n int) int {
		if n == 1 {
			return http.StatusBadGateway
		}
		return http.StatusOK
	}
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if recs := e.webhooks("webhook_code=ERROR"); len(recs) == 1 && len(list(recs[0]["attempts"])) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("first attempt not logged")
		}
		e.webhooks("webhook_code=NONE&wait=20ms")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("shutdown took longer than its deadline")
	}
	rec := e.webhooks("webhook_code=ERROR")[0]
	if rec["state"] != "delivered" || len(list(rec["attempts"])) != 2 || len(rv.deliveries()) != 1 {
		t.Fatalf("after shutdown: %v", rec)
	}
}

// TestWebhookTimeoutIsAFailedAttempt: a receiver that never answers within
// the timeout counts as a failure and is retried.
func TestWebhookTimeoutIsAFailedAttempt(t *testing.T) {
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 2, Delay: 10 * time.Millisecond, Factor: 1}), withWebhookTimeout(100*time.Millisecond))
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": slow.URL})
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	rec := e.waitWebhooks("state=exhausted", 1)[0]
	atts := list(rec["attempts"])
	if len(atts) != 2 || !strings.Contains(obj(atts[0])["error"].(string), "did not answer within") {
		t.Fatalf("attempts = %v", atts)
	}
}
