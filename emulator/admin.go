package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleHealth serves GET /_emulator/health.
func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	items := s.store.count()
	streams, polls := s.streams.count()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": s.opts.Version, "plaid_api_version": PlaidAPIVersion,
		"spec_version": SpecVersion, "items": items, "streams": streams, "long_polls": polls})
}

// handleReset serves POST /_emulator/reset: back to the fixture baseline;
// with {"client_id": "X"}, only client X's state goes.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	body, err := wire.ReadBody(w, r)
	var req struct {
		ClientID *string `json:"client_id"`
	}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err == nil {
			err = dec.Decode(&req)
		}
		if err != nil || (req.ClientID != nil && *req.ClientID == "") {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": `send no body (everything) or {"client_id": "X"} (only client X's state)`})
			return
		}
	}
	if req.ClientID != nil {
		s.ResetClient(*req.ClientID)
		wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "reset", "client_id": *req.ClientID})
		return
	}
	s.Reset()
	wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

// handleNotFound answers any unknown path or method as Plaid does: 404
// INVALID_REQUEST/NOT_FOUND.
// The body is read (up to 1 MiB) so that the journal shows what was sent
// to a path the emulator does not serve.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	c := s.newCall(r)
	c.body, _ = wire.ReadBody(w, r)
	s.write(w, c, nil, wire.New(wire.CodeNotFound))
}

// handleWebhooksList serves GET /_emulator/webhooks: the delivery log,
// filtered by item_id, webhook_type, webhook_code and state, count of them
// (all by default) from offset; with wait=5s it holds the request until at
// least one webhook matches (at most 60 s).
func (s *Server) handleWebhooksList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, count, err := wire.QueryPage(q, wire.MaxQueryCount, wire.MaxQueryCount)
	if err != nil {
		wire.WriteQueryError(w, err)
		return
	}
	f := webhooks.Filter{ItemID: q.Get("item_id"), WebhookType: q.Get("webhook_type"), WebhookCode: q.Get("webhook_code"), State: q.Get("state"), RequestID: q.Get("request_id")}
	var wait time.Duration
	if v := q.Get("wait"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "wait must be a duration such as 5s", "parameter": "wait"})
			return
		}
		wait = min(d, 60*time.Second)
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	if wait > 0 {
		s.streams.poll(1)
		defer s.streams.poll(-1)
	}
	go func() { // a stop ends the long poll at once
		select {
		case <-s.streams.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	recs := s.hooks.List(ctx, f, wait)
	recs = recs[min(offset, len(recs)):]
	recs = recs[:min(count, len(recs))]
	// Each body is the exact bytes signed and sent: no HTML escaping, and
	// already compact, so encoding leaves it as it was.
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{"webhooks": product.NonNil(recs)})
}

// handleWebhooksClear serves DELETE /_emulator/webhooks (finished ones only).
func (s *Server) handleWebhooksClear(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]int{"deleted": s.hooks.Clear()})
}

// handleWebhookRedeliver serves POST /_emulator/webhooks/{id}/redeliver: the
// same body to the same URL, logged as a new webhook.
func (s *Server) handleWebhookRedeliver(w http.ResponseWriter, r *http.Request) {
	got, ok := s.hooks.Redeliver(mux.Vars(r)["id"], s.clock.Now())
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no webhook with that id"})
		return
	}
	wire.WriteJSON(w, http.StatusAccepted, got)
}

// handleWebhookKeysRotate serves POST /_emulator/webhook_keys/rotate.
func (s *Server) handleWebhookKeysRotate(w http.ResponseWriter, _ *http.Request) {
	k := s.keys.Rotate(s.clock.Now())
	wire.WriteJSON(w, http.StatusOK, map[string]any{"key": k.JWK()})
}

// handleEmulatorItem serves GET /_emulator/items/{item_id}: an Item as the
// emulator holds it, access token included, for tests and tooling that
// need to act on an Item they did not link themselves.
func (s *Server) handleEmulatorItem(w http.ResponseWriter, r *http.Request) {
	it, ok := s.store.itemByID(mux.Vars(r)["item_id"])
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	accts := []map[string]any{}
	for _, a := range it.Accounts {
		accts = append(accts, map[string]any{"account_id": a.ID, "name": a.Name, "mask": a.Mask, "type": a.Type, "subtype": a.Subtype, "balances": a.Balances})
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"item_id": it.ID, "client_id": it.ClientID, "access_token": it.AccessToken,
		"institution_id": it.InstitutionID, "institution_name": it.InstitutionName, "username": it.Username,
		"products": product.NonNil(it.Products), "error": it.Err, "webhook": it.Webhook, "accounts": accts,
		"created_at": product.RFC3339(it.CreatedAt)})
}

// adminAllowed says whether req may reach its route under --admin-token:
// every /_emulator/ route but health, the dashboard's own files and Link's
// pages and calls (the link token guards those), and the Program API.
func (s *Server) adminAllowed(req *http.Request) bool {
	tok := s.opts.AdminToken
	p := req.URL.Path
	admin := strings.HasPrefix(p, "/_emulator/") || programPath(p)
	if tok == "" || !admin || p == "/_emulator/health" || p == "/_emulator/ui" || strings.HasPrefix(p, "/_emulator/ui/") ||
		strings.HasPrefix(p, "/_emulator/link/") || strings.HasPrefix(p, "/_emulator/oauth/") {
		return true
	}
	got, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
}

// programPath says whether p is a Program API path.
func programPath(p string) bool {
	return strings.HasPrefix(p, "/plaid/") || strings.HasPrefix(p, "/profiles/")
}
