package admin

import (
	"cmp"
	"encoding/json"
	"net/http"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Triggers (product.Trigger, every module's) provoke a webhook on an Item
// the way `stripe trigger` does: a Sandbox call made for the Item.

// handleTriggersList serves GET /_emulator/triggers.
func (a *API) handleTriggersList(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]any{"triggers": a.d.Triggers()})
}

// handleTrigger serves POST /_emulator/trigger {"trigger", "item_id"}: the
// Sandbox call's status and body (a Plaid error when the Item cannot have
// that webhook, such as one without a webhook URL or the product).
func (a *API) handleTrigger(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Trigger string `json:"trigger"`
		ItemID  string `json:"item_id"`
		ID      string `json:"id"` // a subject trigger's object (item_id is taken too)
	}
	_ = json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req)
	var t *product.Trigger
	for _, tr := range a.d.Triggers() {
		if tr.Name == req.Trigger {
			t = &tr
		}
	}
	if t == nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "unknown trigger " + req.Trigger + ": GET /_emulator/triggers lists them"})
		return
	}
	body := map[string]any{}
	for k, v := range t.Body {
		body[k] = v
	}
	if t.Subject != "" { // a session or a screening, through its admin route
		body[t.IDField] = cmp.Or(req.ID, req.ItemID)
		status, out := a.d.CallAdmin(t.Path, body)
		wire.WriteJSON(w, http.StatusOK, map[string]any{"trigger": t, "status": status, "body": json.RawMessage(out)})
		return
	}
	if t.ItemWebhook {
		it, ok := a.d.Item(req.ItemID)
		if ok && it.Webhook != nil {
			body["webhook"] = *it.Webhook
		}
	}
	if t.ItemID {
		body["item_id"] = req.ItemID
	}
	if t.ItemUser {
		uid, ok := a.d.ItemUser(req.ItemID)
		if !ok {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "trigger " + t.Name + " needs an Item of a Plaid user: link it with a user_id or user_token"})
			return
		}
		body["user_id"] = uid
	}
	status, out, ok := a.d.CallAsItem(req.ItemID, t.Path, body, !t.ItemWebhook && !t.ItemUser) // a call that names its destination or user takes no token
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"trigger": t, "status": status, "body": json.RawMessage(out)})
}

// takesToken says whether a call for an Item carries its access_token: all
// but those that name their destination (a trigger's ItemWebhook path,
// such as /sandbox/transfer/fire_webhook).
func (a *API) takesToken(path string) bool {
	for _, t := range a.d.Triggers() {
		if (t.ItemWebhook || t.ItemUser) && t.Path == path {
			return false
		}
	}
	return true
}
