package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleHealth serves GET /_emulator/health.
func (a *API) handleHealth(w http.ResponseWriter, _ *http.Request) {
	items := a.d.ItemCount()
	streams, polls := a.streams.count()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": a.cfg.Version, "plaid_api_version": a.cfg.PlaidAPIVersion,
		"spec_version": a.cfg.SpecVersion, "items": items, "streams": streams, "long_polls": polls})
}

// handleReset serves POST /_emulator/reset: back to the fixture baseline;
// with {"client_id": "X"}, only client X's state goes.
func (a *API) handleReset(w http.ResponseWriter, r *http.Request) {
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
		a.d.ResetClient(*req.ClientID)
		wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "reset", "client_id": *req.ClientID})
		return
	}
	a.d.Reset()
	wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

// handleWebhooksList serves GET /_emulator/webhooks: the delivery log,
// filtered by item_id, webhook_type, webhook_code and state, count of them
// (all by default) from offset; with wait=5s it holds the request until at
// least one webhook matches (at most 60 s).
func (a *API) handleWebhooksList(w http.ResponseWriter, r *http.Request) {
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
		a.streams.poll(1)
		defer a.streams.poll(-1)
	}
	go func() { // a stop ends the long poll at once
		select {
		case <-a.streams.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	recs := a.d.Hooks().List(ctx, f, wait)
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
func (a *API) handleWebhooksClear(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]int{"deleted": a.d.Hooks().Clear()})
}

// handleWebhookRedeliver serves POST /_emulator/webhooks/{id}/redeliver: the
// same body to the same URL, logged as a new webhook.
func (a *API) handleWebhookRedeliver(w http.ResponseWriter, r *http.Request) {
	got, ok := a.d.Hooks().Redeliver(mux.Vars(r)["id"], a.d.Now())
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no webhook with that id"})
		return
	}
	wire.WriteJSON(w, http.StatusAccepted, got)
}

// handleWebhookKeysRotate serves POST /_emulator/webhook_keys/rotate.
func (a *API) handleWebhookKeysRotate(w http.ResponseWriter, _ *http.Request) {
	k := a.d.Keys().Rotate(a.d.Now())
	wire.WriteJSON(w, http.StatusOK, map[string]any{"key": k.JWK()})
}

// handleEmulatorItem serves GET /_emulator/items/{item_id}: an Item as the
// emulator holds it, access token included, for tests and tooling that
// need to act on an Item they did not link themselves.
func (a *API) handleEmulatorItem(w http.ResponseWriter, r *http.Request) {
	it, ok := a.d.Item(mux.Vars(r)["item_id"])
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
