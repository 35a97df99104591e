package product

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Events: a change of state that the outside hears of. The store's
// mutations and the product handlers report what changed as events (with
// the Item as it is after the change); publish, the one place, turns each
// into the webhooks Plaid sends for it, after every lock is released. No
// product handler builds or sends a webhook body.

// Event is a change of state; webhooks says what Plaid sends for it.
type Event interface {
	Webhooks(now time.Time) []Outgoing
}

// Outgoing is one webhook: to the Item's webhook with item_id when to is
// empty, else to that URL without item_id (a processor token's or an asset
// report's webhook).
type Outgoing struct {
	It         Item
	To         string
	Type, Code string
	Fields     map[string]any
}

// WebhookEnvironment is the environment every webhook names.
const WebhookEnvironment = "sandbox"

// WebhookError renders an error as webhooks carry it: with status, without request_id.
func WebhookError(e *wire.Error) *wire.Error {
	c := e.ForItem()
	st := e.HTTPStatus
	c.Status = &st
	return c
}

// ItemStateChanged: the Item entered state (an error code, HEALTHY or a
// pending expiry/disconnect); wasLogin says it needed a login before.
type ItemStateChanged struct {
	It       Item
	State    string
	WasLogin bool
}

func (e ItemStateChanged) Webhooks(now time.Time) []Outgoing {
	o := Outgoing{It: e.It, Type: "ITEM", Code: e.State}
	switch e.State {
	case wire.CodeItemLoginRequired:
		o.Code, o.Fields = "ERROR", map[string]any{"error": WebhookError(wire.New(wire.CodeItemLoginRequired))}
	case wire.CodeUserPermissionRevoked:
		o.Fields = map[string]any{"error": WebhookError(wire.New(wire.CodeUserPermissionRevoked))}
	case "PENDING_EXPIRATION":
		o.Fields = map[string]any{"consent_expiration_time": *e.It.ConsentExpiration}
	case "PENDING_DISCONNECT":
		o.Fields = PendingDisconnectFields(now)
	case "HEALTHY":
		if !e.WasLogin {
			return nil
		}
		o.Code, o.Fields = "LOGIN_REPAIRED", map[string]any{}
	default:
		return nil
	}
	return []Outgoing{o}
}

// WebhookTo is one webhook to a URL of its own, not an Item's (a webhook
// about a Plaid user, say: no item_id); none when the URL is empty.
type WebhookTo struct{ Outgoing }

func (e WebhookTo) Webhooks(time.Time) []Outgoing {
	if e.To == "" {
		return nil
	}
	return []Outgoing{e.Outgoing}
}

// WebhookFired: /sandbox/item/fire_webhook or a scenario rule asked for a
// webhook by type and code; Fields is its body (FireTable.Fields).
type WebhookFired struct {
	It         Item
	Type, Code string
	Fields     map[string]any
}

func (e WebhookFired) Webhooks(time.Time) []Outgoing {
	return []Outgoing{{It: e.It, Type: e.Type, Code: e.Code, Fields: e.Fields}}
}
