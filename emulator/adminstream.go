package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// handleWebhooksStream serves GET /_emulator/webhooks/stream: server-sent
// events, one "webhook" event each time a logged webhook is new or
// changes (an attempt, its end), with the record and, for forwarding,
// "signed": its exact body (base64) and a fresh Plaid-Verification JWT.
// ?codes=A,B keeps those webhook codes; ?since=now skips what is already
// logged. A comment every 15 s keeps proxies from closing it.
func (s *Server) handleWebhooksStream(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	var codes []string
	if v := r.URL.Query().Get("codes"); v != "" {
		codes = strings.Split(v, ",")
	}
	if rc := http.NewResponseController(w); rc != nil {
		_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives --write-timeout
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	sent := map[string]string{} // id → what was last sent of it (attempts and state)
	if r.URL.Query().Get("since") == "now" {
		for _, rec := range s.hooks.List(r.Context(), webhooks.Filter{}, 0) {
			sent[rec.ID] = version(rec)
		}
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		changed := s.hooks.Changed()
		for _, rec := range s.hooks.List(r.Context(), webhooks.Filter{}, 0) {
			v := version(rec)
			if sent[rec.ID] == v || (codes != nil && !slices.Contains(codes, rec.WebhookCode)) {
				continue
			}
			sent[rec.ID] = v
			sig, _ := s.keys.Sign(rec.Body, time.Now())
			b, _ := json.Marshal(map[string]any{"webhook": rec, "signed": map[string]any{"body": []byte(rec.Body), "plaid_verification": sig}})
			if _, err := fmt.Fprintf(w, "event: webhook\nid: %s\ndata: %s\n\n", rec.ID, b); err != nil {
				return
			}
		}
		fl.Flush()
		select {
		case <-changed:
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}

// version says what of a record a watcher has seen.
func version(rec webhooks.Record) string { return fmt.Sprintf("%d/%s", len(rec.Attempts), rec.State) }
