package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Events: a change of state that the outside hears of. The store's
// mutations and the product handlers report what changed as events (with
// the Item as it is after the change); publish, the one place, turns each
// into the webhooks Plaid sends for it, after every lock is released. No
// product handler builds or sends a webhook body.

// event is a change of state; webhooks says what Plaid sends for it.
type event interface {
	webhooks(now time.Time) []outgoing
}

// outgoing is one webhook: to the Item's webhook with item_id when to is
// empty, else to that URL without item_id (a processor token's or an asset
// report's webhook).
type outgoing struct {
	it        item
	to        string
	typ, code string
	fields    map[string]any
}

// webhookEnvironment is the environment every webhook names.
const webhookEnvironment = "sandbox"

// webhookError renders an error as webhooks carry it: with status, without request_id.
func webhookError(e *wire.Error) *wire.Error {
	c := e.ForItem()
	st := e.HTTPStatus
	c.Status = &st
	return c
}

// webhookAcknowledged: /item/webhook/update set a webhook URL.
type webhookAcknowledged struct{ it item }

func (e webhookAcknowledged) webhooks(time.Time) []outgoing {
	return []outgoing{{it: e.it, typ: "ITEM", code: "WEBHOOK_UPDATE_ACKNOWLEDGED",
		fields: map[string]any{"new_webhook_url": *e.it.Webhook, "error": nil}}}
}

// itemStateChanged: the Item entered state (an error code, HEALTHY or a
// pending expiry/disconnect); wasLogin says it needed a login before.
type itemStateChanged struct {
	it       item
	state    string
	wasLogin bool
}

func (e itemStateChanged) webhooks(now time.Time) []outgoing {
	o := outgoing{it: e.it, typ: "ITEM", code: e.state}
	switch e.state {
	case wire.CodeItemLoginRequired:
		o.code, o.fields = "ERROR", map[string]any{"error": webhookError(wire.New(wire.CodeItemLoginRequired))}
	case wire.CodeUserPermissionRevoked:
		o.fields = map[string]any{"error": webhookError(wire.New(wire.CodeUserPermissionRevoked))}
	case "PENDING_EXPIRATION":
		o.fields = map[string]any{"consent_expiration_time": *e.it.ConsentExpiration}
	case "PENDING_DISCONNECT":
		o.fields = fireTriggers["ITEM/PENDING_DISCONNECT"].fields(now, e.it)
	case "HEALTHY":
		if !e.wasLogin {
			return nil
		}
		o.code, o.fields = "LOGIN_REPAIRED", map[string]any{}
	default:
		return nil
	}
	return []outgoing{o}
}

// webhookFired: /sandbox/item/fire_webhook or a scenario rule asked for a
// webhook by type and code (its body is the trigger table's).
type webhookFired struct {
	it        item
	typ, code string
}

func (e webhookFired) webhooks(now time.Time) []outgoing {
	fields := map[string]any{"error": nil}
	if trig, ok := fireTriggers[e.typ+"/"+e.code]; ok {
		fields = trig.fields(now, e.it)
	}
	return []outgoing{{it: e.it, typ: e.typ, code: e.code, fields: fields}}
}

// statementsRefreshed: /statements/refresh finished.
type statementsRefreshed struct{ it item }

func (e statementsRefreshed) webhooks(time.Time) []outgoing {
	return []outgoing{{it: e.it, typ: "STATEMENTS", code: "STATEMENTS_REFRESH_COMPLETE", fields: map[string]any{"result": "SUCCESS"}}}
}

// verificationChanged: a micro-deposit account's verification status was set.
type verificationChanged struct {
	it               item
	accountID, state string
}

func (e verificationChanged) webhooks(time.Time) []outgoing {
	code := "AUTOMATICALLY_VERIFIED"
	if e.state == "verification_expired" {
		code = "VERIFICATION_EXPIRED"
	}
	return []outgoing{{it: e.it, typ: "AUTH", code: code, fields: map[string]any{"account_id": e.accountID, "error": nil}}}
}

// assetReportReady: an asset report was made, for a report with a webhook.
type assetReportReady struct {
	it            item
	url, reportID string
}

func (e assetReportReady) webhooks(time.Time) []outgoing {
	return []outgoing{{it: e.it, to: e.url, typ: "ASSETS", code: "PRODUCT_READY",
		fields: map[string]any{"asset_report_id": e.reportID, "report_type": "FULL"}}}
}

// transactionsPulled: the initial or historical pull made rows visible.
// recurring lists the accounts with streams when the streams changed.
type transactionsPulled struct {
	it         item
	historical bool
	n          int
	syncCalled bool
	recurring  []string
}

func (e transactionsPulled) webhooks(time.Time) []outgoing {
	code := "INITIAL_UPDATE"
	if e.historical {
		code = "HISTORICAL_UPDATE"
	}
	out := []outgoing{{it: e.it, typ: "TRANSACTIONS", code: code, fields: map[string]any{"new_transactions": e.n, "error": nil}}}
	if e.syncCalled {
		out = append(out, outgoing{it: e.it, typ: "TRANSACTIONS", code: "SYNC_UPDATES_AVAILABLE", fields: map[string]any{
			"initial_update_complete": true, "historical_update_complete": e.historical}})
	}
	return append(out, recurringUpdate(e.it, e.recurring)...)
}

// transactionsChanged: rows were added or removed (a refresh, rows posting,
// /sandbox/transactions/create). hooks are the Item's processor tokens
// with a webhook, each told of its own account's rows.
type transactionsChanged struct {
	it             item
	added, removed []ledger.Change
	syncCalled     bool
	recurring      []string
	hooks          []procHook
}

// procHook is a processor token with a webhook, as its change webhooks need it.
type procHook struct {
	accountID, webhook string
	syncCalled         bool
}

func (e transactionsChanged) webhooks(time.Time) []outgoing {
	out := changeWebhooks(e.it, "", "", e.added, e.removed, e.syncCalled)
	out = append(out, recurringUpdate(e.it, e.recurring)...)
	for _, pt := range e.hooks {
		acct := accountIndex(e.it, pt.accountID)
		var a, r []ledger.Change
		for _, c := range e.added {
			if c.Account == acct {
				a = append(a, c)
			}
		}
		for _, c := range e.removed {
			if c.Account == acct {
				r = append(r, c)
			}
		}
		out = append(out, changeWebhooks(e.it, pt.webhook, pt.accountID, a, r, pt.syncCalled)...)
	}
	return out
}

// changeWebhooks are DEFAULT_UPDATE, TRANSACTIONS_REMOVED and (once sync
// has been used) SYNC_UPDATES_AVAILABLE, about the Item (to "") or, to a
// processor token's webhook, about its account.
func changeWebhooks(it item, to, accountID string, added, removed []ledger.Change, syncCalled bool) []outgoing {
	var out []outgoing
	add := func(code string, fields map[string]any) {
		if to != "" {
			fields["account_id"] = accountID
		}
		out = append(out, outgoing{it: it, to: to, typ: "TRANSACTIONS", code: code, fields: fields})
	}
	if len(added) > 0 {
		add("DEFAULT_UPDATE", map[string]any{"new_transactions": len(added), "error": nil})
	}
	if len(removed) > 0 {
		ids := make([]string, len(removed))
		for i, c := range removed {
			ids[i] = c.ID
		}
		add("TRANSACTIONS_REMOVED", map[string]any{"removed_transactions": ids, "error": nil})
	}
	if syncCalled && len(added)+len(removed) > 0 {
		add("SYNC_UPDATES_AVAILABLE", map[string]any{"initial_update_complete": true, "historical_update_complete": true})
	}
	return out
}

// recurringUpdate is RECURRING_TRANSACTIONS_UPDATE when the streams changed
// (accts non-nil: the accounts with streams).
func recurringUpdate(it item, accts []string) []outgoing {
	if accts == nil {
		return nil
	}
	return []outgoing{{it: it, typ: "TRANSACTIONS", code: "RECURRING_TRANSACTIONS_UPDATE", fields: map[string]any{"account_ids": accts}}}
}
