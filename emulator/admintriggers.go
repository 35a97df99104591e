package emulator

import (
	"encoding/json"
	"net/http"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Triggers provoke a webhook on an Item the way `stripe trigger` does:
// each is a Plaid Sandbox call made for the Item (callAsItem), named by
// the webhook it makes.

type trigger struct {
	Name        string         `json:"name"`
	WebhookType string         `json:"webhook_type"`
	WebhookCode string         `json:"webhook_code"`
	Description string         `json:"description"`
	path        string         // the Sandbox call
	body        map[string]any // its body, besides the access token
}

func fire(typ, code string) map[string]any {
	return map[string]any{"webhook_type": typ, "webhook_code": code}
}

// triggers is the table `plaid-emulator trigger --list` prints.
var triggers = []trigger{
	{"item.login_required", "ITEM", "ERROR", "the Item needs a new login (ITEM_LOGIN_REQUIRED)", "/sandbox/item/reset_login", nil},
	{"item.login_repaired", "ITEM", "LOGIN_REPAIRED", "the Item's login works again", "/sandbox/item/fire_webhook", fire("ITEM", "LOGIN_REPAIRED")},
	{"item.new_accounts_available", "ITEM", "NEW_ACCOUNTS_AVAILABLE", "the bank has accounts the user has not shared", "/sandbox/item/fire_webhook", fire("ITEM", "NEW_ACCOUNTS_AVAILABLE")},
	{"item.pending_disconnect", "ITEM", "PENDING_DISCONNECT", "the Item will stop working soon", "/sandbox/item/fire_webhook", fire("ITEM", "PENDING_DISCONNECT")},
	{"item.user_permission_revoked", "ITEM", "USER_PERMISSION_REVOKED", "the user revoked the app's access", "/sandbox/item/fire_webhook", fire("ITEM", "USER_PERMISSION_REVOKED")},
	{"item.user_account_revoked", "ITEM", "USER_ACCOUNT_REVOKED", "the user revoked one account", "/sandbox/item/fire_webhook", fire("ITEM", "USER_ACCOUNT_REVOKED")},
	{"transactions.sync_updates", "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", "/transactions/sync has new data", "/sandbox/item/fire_webhook", fire("TRANSACTIONS", "SYNC_UPDATES_AVAILABLE")},
	{"transactions.default_update", "TRANSACTIONS", "DEFAULT_UPDATE", "new transactions (the /transactions/get webhook)", "/sandbox/item/fire_webhook", fire("TRANSACTIONS", "DEFAULT_UPDATE")},
	{"transactions.recurring_update", "TRANSACTIONS", "RECURRING_TRANSACTIONS_UPDATE", "recurring streams changed", "/sandbox/item/fire_webhook", fire("TRANSACTIONS", "RECURRING_TRANSACTIONS_UPDATE")},
	{"auth.default_update", "AUTH", "DEFAULT_UPDATE", "account or routing numbers changed", "/sandbox/item/fire_webhook", fire("AUTH", "DEFAULT_UPDATE")},
	{"auth.sms_microdeposits_verification", "AUTH", "SMS_MICRODEPOSITS_VERIFICATION", "the user verified micro-deposits by text", "/sandbox/item/fire_webhook", fire("AUTH", "SMS_MICRODEPOSITS_VERIFICATION")},
	{"holdings.default_update", "HOLDINGS", "DEFAULT_UPDATE", "investment holdings changed", "/sandbox/item/fire_webhook", fire("HOLDINGS", "DEFAULT_UPDATE")},
	{"investments_transactions.default_update", "INVESTMENTS_TRANSACTIONS", "DEFAULT_UPDATE", "investment transactions changed", "/sandbox/item/fire_webhook", fire("INVESTMENTS_TRANSACTIONS", "DEFAULT_UPDATE")},
	{"liabilities.default_update", "LIABILITIES", "DEFAULT_UPDATE", "liabilities changed", "/sandbox/item/fire_webhook", fire("LIABILITIES", "DEFAULT_UPDATE")},
	{"transfer.events_update", "TRANSFER", "TRANSFER_EVENTS_UPDATE", "new Transfer events (to the Item's webhook)", "/sandbox/transfer/fire_webhook", nil},
}

// handleTriggersList serves GET /_emulator/triggers.
func (s *Server) handleTriggersList(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]any{"triggers": triggers})
}

// handleTrigger serves POST /_emulator/trigger {"trigger", "item_id"}: the
// Sandbox call's status and body (a Plaid error when the Item cannot have
// that webhook, such as one without a webhook URL or the product).
func (s *Server) handleTrigger(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Trigger string `json:"trigger"`
		ItemID  string `json:"item_id"`
	}
	_ = json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req)
	var t *trigger
	for i := range triggers {
		if triggers[i].Name == req.Trigger {
			t = &triggers[i]
		}
	}
	if t == nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "unknown trigger " + req.Trigger + ": GET /_emulator/triggers lists them"})
		return
	}
	body := map[string]any{}
	for k, v := range t.body {
		body[k] = v
	}
	if t.path == "/sandbox/transfer/fire_webhook" {
		it, ok := s.store.itemByID(req.ItemID)
		if ok && it.Webhook != nil {
			body["webhook"] = *it.Webhook
		}
	}
	status, out, ok := s.callAsItem(req.ItemID, t.path, body)
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no item with that id"})
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"trigger": t, "status": status, "body": json.RawMessage(out)})
}
