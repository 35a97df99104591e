package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestPendingWebhooksSurviveKill9: webhooks to a receiver that does not
// answer are pending when the binary is killed with SIGKILL; after the
// restart each of them, with its attempts so far, is still pending, and
// once the receiver answers every one is delivered, under its own id.
func TestPendingWebhooksSurviveKill9(t *testing.T) {
	bin := buildBinary(t)
	var answering atomic.Bool
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !answering.Load() {
			w.WriteHeader(http.StatusServiceUnavailable) // fails: retried later
		}
	}))
	defer rcv.Close()
	state := filepath.Join(t.TempDir(), "state.db")
	// Retries 5 s apart: pending at the kill, and the next attempt time is
	// still ahead at the restart, even on a loaded machine.
	args := []string{"--state", state, "--webhook-retry", "attempts=20,delay=5s,factor=1"}
	cmd, url := startBinary(t, bin, args...)
	for range 3 {
		pt := post(t, url+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"webhook":"`+rcv.URL+`"}}`)
		at := post(t, url+"/item/public_token/exchange", `{"public_token":"`+pt["public_token"].(string)+`"}`)["access_token"].(string)
		post(t, url+"/sandbox/item/fire_webhook", `{"access_token":"`+at+`","webhook_code":"NEW_ACCOUNTS_AVAILABLE"}`)
	}
	// Kill once every webhook has failed once and waits for its retry.
	var before []hookRec
	for deadline := time.Now().Add(10 * time.Second); ; {
		before = webhookLog(t, url, "")
		waiting := 0
		for _, w := range before {
			if w.State != "pending" {
				t.Fatalf("webhook %s is %s before the kill, want pending", w.ID, w.State)
			}
			if len(w.Attempts) == 1 && w.NextAttemptAt != "" {
				waiting++
			}
		}
		if len(before) >= 3 && waiting == len(before) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d webhooks, %d waiting for a retry, 10 s after they were caused", len(before), waiting)
		}
		webhookLog(t, url, "&state=delivered&wait=100ms") // a short long poll, not a sleep
	}
	_ = cmd.Process.Kill() // SIGKILL
	_ = cmd.Wait()

	cmd2, url2 := startBinary(t, bin, args...)
	defer func() { _ = cmd2.Process.Kill(); _ = cmd2.Wait() }()
	after := map[string]hookRec{}
	for _, w := range webhookLog(t, url2, "") {
		after[w.ID] = w
	}
	for _, w := range before {
		a, ok := after[w.ID]
		if !ok || a.State != "pending" || len(a.Attempts) != len(w.Attempts) || a.NextAttemptAt != w.NextAttemptAt {
			t.Fatalf("webhook %s after the restart: %+v (before: %d attempts); want it pending with its attempts and next attempt time", w.ID, a, len(w.Attempts))
		}
	}
	answering.Store(true)
	deadline := time.Now().Add(30 * time.Second)
	for {
		delivered := map[string]bool{}
		for _, w := range webhookLog(t, url2, "&state=delivered&wait=2s") {
			delivered[w.ID] = true
		}
		missing := 0
		for _, w := range before {
			if !delivered[w.ID] {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d webhooks not delivered 30 s after the restart", missing, len(before))
		}
	}
}

type hookRec struct {
	ID            string            `json:"id"`
	State         string            `json:"state"`
	Attempts      []json.RawMessage `json:"attempts"`
	NextAttemptAt string            `json:"next_attempt_at"`
}

func webhookLog(t *testing.T, url, query string) []hookRec {
	t.Helper()
	resp, err := http.Get(url + "/_emulator/webhooks?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Webhooks []hookRec }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Webhooks
}
