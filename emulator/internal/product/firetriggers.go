package product

import (
	"time"
)

// The webhooks /sandbox/item/fire_webhook (and scenario rules) can fire.
// Each module lists its own (Firer); the emulator gathers them in one
// FireTable from the list of modules.

// FireTrigger is what firing one webhook type and code does: the product
// the Item needs ("": none), the body's fields, and a change of Item
// state (nil: none).
type FireTrigger struct {
	Product string
	Fields  func(now time.Time, it Item) map[string]any
	Change  func(it *Item)
}

// Firer is a module whose webhooks /sandbox/item/fire_webhook can fire,
// by "TYPE/CODE".
type Firer interface{ FireTriggers() map[string]FireTrigger }

// FireTable is every module's FireTriggers together.
type FireTable map[string]FireTrigger

// Fields are the body fields of a fired TYPE/CODE: its trigger's, or
// {"error": null} for one no module lists (a scenario may fire any).
func (t FireTable) Fields(now time.Time, it Item, typ, code string) map[string]any {
	if trig, ok := t[typ+"/"+code]; ok {
		return trig.Fields(now, it)
	}
	return map[string]any{"error": nil}
}

// NoError is the body of a webhook that says only that it has no error.
func NoError(time.Time, Item) map[string]any { return map[string]any{"error": nil} }

// PendingDisconnectFields are ITEM/PENDING_DISCONNECT's: the bank's token
// expires in 7 days.
func PendingDisconnectFields(now time.Time) map[string]any {
	return map[string]any{"reason": "INSTITUTION_TOKEN_EXPIRATION", "disconnect_time": RFC3339(now.AddDate(0, 0, 7))}
}

// FirstAccountID is the id of the Item's first account ("" if none).
func FirstAccountID(it Item) string {
	if len(it.Accounts) == 0 {
		return ""
	}
	return it.Accounts[0].ID
}

// Trigger provokes a webhook on an Item the way `stripe trigger` does: a
// Sandbox call made for the Item (Path, with Body besides the access
// token), named by the webhook it makes. The CLI and the dashboard list
// every module's.
type Trigger struct {
	Name        string         `json:"name"`
	WebhookType string         `json:"webhook_type"`
	WebhookCode string         `json:"webhook_code"`
	Description string         `json:"description"`
	Path        string         `json:"-"`
	Body        map[string]any `json:"-"`
	// ItemWebhook: the call takes the Item's webhook URL as "webhook"
	// (a Sandbox fire_webhook that names its destination).
	ItemWebhook bool `json:"-"`
	// ItemID: the call names the Item by "item_id" (with ItemWebhook, the
	// Sandbox's income fire_webhook).
	ItemID bool `json:"-"`
	// ItemUser: the call names the Plaid user the Item belongs to by
	// "user_id" and takes no access token (Consumer Report's calls).
	ItemUser bool `json:"-"`
	// Subject, when set, is what the trigger acts on instead of an Item
	// (identity_verification: a session's id; screening: a screening's):
	// Path is then an admin route, sent the id as IDField.
	Subject string `json:"subject,omitempty"`
	IDField string `json:"-"`
}

// Triggerer is a module with triggers.
type Triggerer interface{ Triggers() []Trigger }

// FireWebhook is the trigger that fires typ/code with /sandbox/item/fire_webhook.
func FireWebhook(name, typ, code, description string) Trigger {
	return Trigger{Name: name, WebhookType: typ, WebhookCode: code, Description: description,
		Path: "/sandbox/item/fire_webhook", Body: map[string]any{"webhook_type": typ, "webhook_code": code}}
}
