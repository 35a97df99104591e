package admin

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleWebhooksStream serves GET /_emulator/webhooks/stream: server-sent
// events, one "webhook" event each time a logged webhook is new or
// changes (an attempt, its end), with the record and, for forwarding,
// "signed": its exact body (base64) and a fresh Plaid-Verification JWT.
// ?codes=A,B keeps those webhook codes; ?since=now skips what is already
// logged. A comment every 15 s keeps proxies from closing it. At most
// --stream-clients subscribe at once (one more gets 503); one that leaves
// an event unread for --stream-write-timeout is dropped, and a stop ends
// every stream at once.
func (a *API) handleWebhooksStream(w http.ResponseWriter, r *http.Request) {
	var codes []string
	if v := r.URL.Query().Get("codes"); v != "" {
		codes = strings.Split(v, ",")
	}
	if v := r.URL.Query().Get("since"); v != "" && v != "now" {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": `since must be "now" (or left out: everything logged)`, "parameter": "since"})
		return
	}
	if !a.streams.join() {
		wire.WriteJSON(w, http.StatusServiceUnavailable, map[string]any{"error": fmt.Sprintf(
			"this emulator already has %d webhook stream subscribers (--stream-clients); close one or raise the limit", a.streams.max)})
		return
	}
	defer a.streams.leave()
	rc := http.NewResponseController(w)
	timeout := cmp.Or(a.cfg.StreamWriteTimeout, DefaultStreamWriteTimeout)
	send := func(format string, args ...any) bool { // false: the subscriber is gone or stuck
		if rc.SetWriteDeadline(time.Now().Add(timeout)) != nil {
			return false
		}
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	sent := map[string]string{} // id → what was last sent of it (attempts and state)
	var seen uint64             // the log's change count this subscriber has looked at
	if r.URL.Query().Get("since") == "now" {
		var recs []webhooks.Record
		recs, seen, _ = a.d.Hooks().ChangedSince(0)
		for _, rec := range recs {
			sent[rec.ID] = version(rec)
		}
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		recs, now, changed := a.d.Hooks().ChangedSince(seen) // only what changed: no copy of the whole log per change
		seen = now
		for _, rec := range recs {
			v := version(rec)
			if sent[rec.ID] == v || (codes != nil && !slices.Contains(codes, rec.WebhookCode)) {
				continue
			}
			sent[rec.ID] = v
			rec.RawBody = string(rec.Body)
			sig, _ := a.d.Keys().Sign(rec.Body, time.Now())
			b, _ := json.Marshal(map[string]any{"webhook": rec, "signed": map[string]any{"body": []byte(rec.Body), "plaid_verification": sig}})
			if !send("event: webhook\nid: %s\ndata: %s\n\n", rec.ID, b) {
				return
			}
			if rec.State != "pending" { // delivered or exhausted: it changes no more
				delete(sent, rec.ID)
			}
		}
		if !send("") {
			return
		}
		select {
		case <-changed:
		case <-ping.C:
			if !send(": ping\n\n") {
				return
			}
		case <-r.Context().Done():
			return
		case <-a.streams.stop:
			return
		}
	}
}

// version says what of a record a watcher has seen.
func version(rec webhooks.Record) string { return fmt.Sprintf("%d/%s", len(rec.Attempts), rec.State) }
