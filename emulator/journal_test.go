package emulator_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// The request journal holds at most JournalBytes of bodies whatever clients
// send: 60 large answers leave only the newest that fit, and a body over
// the per-body limit is kept cut, with its size.
func TestJournalIsBoundedByBytes(t *testing.T) {
	const budget, bodyLimit = 200 << 10, 16 << 10
	e := newEnv(t, func(o *emulator.Options) { o.JournalBytes, o.JournalBodyLimit = budget, bodyLimit })
	var full int
	for range 60 {
		r := e.call("/categories/get", map[string]any{}) // ~100 KiB of JSON each
		if r.status != 200 {
			t.Fatalf("categories: %d", r.status)
		}
		full = len(r.raw)
	}
	if full <= bodyLimit {
		t.Fatalf("the answer (%d bytes) is not over the body limit; the test needs a larger one", full)
	}
	j := e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil)
	if j.status != 200 || j.body["recorded"] != 60.0 {
		t.Fatalf("journal: %d recorded=%v", j.status, j.body["recorded"])
	}
	reqs := list(j.body["requests"])
	if len(reqs) == 0 || len(reqs) >= 60 {
		t.Fatalf("%d entries kept of 60", len(reqs))
	}
	held := 0
	for _, r := range reqs {
		en := obj(r)
		if en["response_truncated"] != true || en["response_bytes"] != float64(full) {
			t.Fatalf("entry %v: truncated=%v bytes=%v, want true and %d", en["id"], en["response_truncated"], en["response_bytes"], full)
		}
		s, _ := en["response"].(string) // a cut body is no longer JSON: kept as a string
		held += len(s)
	}
	if held > budget {
		t.Fatalf("the journal holds %d bytes of bodies, over its %d", held, budget)
	}
	if last := obj(reqs[len(reqs)-1]); last["id"] != 60.0 {
		t.Fatalf("the newest entry is %v, want 60", last["id"])
	}
}

// The journal names the Item of every call that touches one, the exchange
// (which sends no access token) and the removal (whose token is gone
// after) included.
func TestJournalNamesTheItemOfExchangeAndRemove(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.call("/item/remove", map[string]any{"access_token": it.accessToken}).ok(t)
	for _, path := range []string{"/item/public_token/exchange", "/item/remove"} {
		r := e.do(http.MethodGet, "/_emulator/requests?path="+path, http.Header{}, nil)
		reqs := list(r.body["requests"])
		if len(reqs) != 1 || obj(reqs[0])["item_id"] != it.itemID {
			t.Fatalf("%s in the journal: %s (want item_id %s)", path, r.raw, it.itemID)
		}
	}
}

// The webhook log shows each body as the exact bytes signed (raw_body, the
// indented text Plaid sends): their SHA-256 is the JWT's request_body_sha256.
func TestWebhookLogKeepsTheSignedBytes(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.url})
	e.waitWebhooks("state=delivered&webhook_code=HISTORICAL_UPDATE", 1) // logged with its attempt
	resp, err := e.client.Get(e.url + "/_emulator/webhooks?state=delivered")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log struct {
		Webhooks []struct {
			RawBody string            `json:"raw_body"`
			Headers map[string]string `json:"headers"`
		} `json:"webhooks"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil || len(log.Webhooks) < 2 {
		t.Fatalf("log: %v, %d webhooks", err, len(log.Webhooks))
	}
	checked := 0
	for _, w := range log.Webhooks {
		parts := strings.Split(w.Headers["Plaid-Verification"], ".")
		if len(parts) != 3 {
			continue // not sent yet
		}
		checked++
		claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var c struct {
			Sum string `json:"request_body_sha256"`
		}
		_ = json.Unmarshal(claims, &c)
		if got := fmt.Sprintf("%x", sha256.Sum256([]byte(w.RawBody))); got != c.Sum || !strings.Contains(w.RawBody, "\n  \"") {
			t.Fatalf("the logged raw_body hashes to %s, the JWT says %s: %q", got, c.Sum, w.RawBody)
		}
	}
	if checked < 2 {
		t.Fatalf("%d sent webhooks in the log, want the two first-sync ones", checked)
	}
}
