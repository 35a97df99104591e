package product

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

// WebhookAcknowledged: /item/webhook/update set a webhook URL.
type WebhookAcknowledged struct{ It Item }

func (e WebhookAcknowledged) Webhooks(time.Time) []Outgoing {
	return []Outgoing{{It: e.It, Type: "ITEM", Code: "WEBHOOK_UPDATE_ACKNOWLEDGED",
		Fields: map[string]any{"new_webhook_url": *e.It.Webhook, "error": nil}}}
}

// ProcessorWebhookAcknowledged: /processor/token/webhook/update set the
// webhook URL of the processor token for one of It's accounts.
type ProcessorWebhookAcknowledged struct {
	It        Item
	AccountID string
	URL       string
}

func (e ProcessorWebhookAcknowledged) Webhooks(time.Time) []Outgoing {
	return []Outgoing{{It: e.It, To: e.URL, Type: "PROCESSOR_TOKEN", Code: "WEBHOOK_UPDATE_ACKNOWLEDGED",
		Fields: map[string]any{"account_id": e.AccountID, "new_webhook_url": e.URL, "error": nil}}}
}

// TransferEventsUpdate: new transfer events exist. TRANSFER_EVENTS_UPDATE
// goes to To, else to the Item's webhook; it names no transfer (the
// receiver calls /transfer/event/sync).
type TransferEventsUpdate struct {
	It Item
	To string
}

func (e TransferEventsUpdate) Webhooks(time.Time) []Outgoing {
	to := e.To
	if to == "" && e.It.Webhook != nil {
		to = *e.It.Webhook
	}
	if to == "" {
		return nil
	}
	return []Outgoing{{It: e.It, To: to, Type: "TRANSFER", Code: "TRANSFER_EVENTS_UPDATE", Fields: map[string]any{}}}
}

// PlatformOnboardingUpdate: an originator's onboarding status changed;
// PLATFORM_ONBOARDING_UPDATE goes to the webhook its platform gave.
type PlatformOnboardingUpdate struct {
	To, OriginatorID string
}

func (e PlatformOnboardingUpdate) Webhooks(time.Time) []Outgoing {
	return []Outgoing{{To: e.To, Type: "TRANSFER", Code: "PLATFORM_ONBOARDING_UPDATE", Fields: map[string]any{"originator_client_id": e.OriginatorID}}}
}

// RecurringNewTransfer: a recurring transfer originated a transfer.
type RecurringNewTransfer struct {
	It                      Item
	RecurringID, TransferID string
}

func (e RecurringNewTransfer) Webhooks(time.Time) []Outgoing {
	if e.It.Webhook == nil || *e.It.Webhook == "" {
		return nil
	}
	return []Outgoing{{It: e.It, To: *e.It.Webhook, Type: "TRANSFER", Code: "RECURRING_NEW_TRANSFER",
		Fields: map[string]any{"recurring_transfer_id": e.RecurringID, "transfer_id": e.TransferID}}}
}

// RecurringTransferSkipped: an origination failed its authorization check.
type RecurringTransferSkipped struct {
	It                                   Item
	RecurringID, Decision, RationaleCode string
	Date                                 string
}

func (e RecurringTransferSkipped) Webhooks(time.Time) []Outgoing {
	if e.It.Webhook == nil || *e.It.Webhook == "" {
		return nil
	}
	f := map[string]any{"recurring_transfer_id": e.RecurringID, "authorization_decision": e.Decision, "skipped_origination_date": e.Date}
	if e.RationaleCode != "" {
		f["authorization_decision_rationale_code"] = e.RationaleCode
	}
	return []Outgoing{{It: e.It, To: *e.It.Webhook, Type: "TRANSFER", Code: "RECURRING_TRANSFER_SKIPPED", Fields: f}}
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
		o.Fields = FireTriggers["ITEM/PENDING_DISCONNECT"].fields(now, e.It)
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

// WebhookFired: /sandbox/item/fire_webhook or a scenario rule asked for a
// webhook by type and code (its body is the trigger table's).
type WebhookFired struct {
	It         Item
	Type, Code string
}

func (e WebhookFired) Webhooks(now time.Time) []Outgoing {
	fields := map[string]any{"error": nil}
	if trig, ok := FireTriggers[e.Type+"/"+e.Code]; ok {
		fields = trig.fields(now, e.It)
	}
	return []Outgoing{{It: e.It, Type: e.Type, Code: e.Code, Fields: fields}}
}

// StatementsRefreshed: /statements/refresh finished.
type StatementsRefreshed struct{ It Item }

func (e StatementsRefreshed) Webhooks(time.Time) []Outgoing {
	return []Outgoing{{It: e.It, Type: "STATEMENTS", Code: "STATEMENTS_REFRESH_COMPLETE", Fields: map[string]any{"result": "SUCCESS"}}}
}

// VerificationChanged: a micro-deposit account's verification status was set.
type VerificationChanged struct {
	It               Item
	AccountID, State string
}

func (e VerificationChanged) Webhooks(time.Time) []Outgoing {
	code := "AUTOMATICALLY_VERIFIED"
	if e.State == "verification_expired" {
		code = "VERIFICATION_EXPIRED"
	}
	return []Outgoing{{It: e.It, Type: "AUTH", Code: code, Fields: map[string]any{"account_id": e.AccountID, "error": nil}}}
}

// AssetReportReady: an asset report was made, for a report with a webhook.
type AssetReportReady struct {
	It            Item
	URL, ReportID string
}

func (e AssetReportReady) Webhooks(time.Time) []Outgoing {
	return []Outgoing{{It: e.It, To: e.URL, Type: "ASSETS", Code: "PRODUCT_READY",
		Fields: map[string]any{"asset_report_id": e.ReportID, "report_type": "FULL"}}}
}

// TransactionsPulled: the initial or historical pull made rows visible.
// recurring lists the accounts with streams when the streams changed.
type TransactionsPulled struct {
	It         Item
	Historical bool
	N          int
	SyncCalled bool
	Recurring  []string
}

func (e TransactionsPulled) Webhooks(time.Time) []Outgoing {
	code := "INITIAL_UPDATE"
	if e.Historical {
		code = "HISTORICAL_UPDATE"
	}
	out := []Outgoing{{It: e.It, Type: "TRANSACTIONS", Code: code, Fields: map[string]any{"new_transactions": e.N, "error": nil}}}
	if e.SyncCalled {
		out = append(out, Outgoing{It: e.It, Type: "TRANSACTIONS", Code: "SYNC_UPDATES_AVAILABLE", Fields: map[string]any{
			"initial_update_complete": true, "historical_update_complete": e.Historical}})
	}
	return append(out, recurringUpdate(e.It, e.Recurring)...)
}

// TransactionsChanged: rows were added or removed (a refresh, rows posting,
// /sandbox/transactions/create). hooks are the Item's processor tokens
// with a webhook, each told of its own account's rows.
type TransactionsChanged struct {
	It             Item
	Added, Removed []ledger.Change
	SyncCalled     bool
	Recurring      []string
	Hooks          []ProcHook
}

// ProcHook is a processor token with a webhook, as its change webhooks need it.
type ProcHook struct {
	AccountID, Webhook string
	SyncCalled         bool
}

func (e TransactionsChanged) Webhooks(time.Time) []Outgoing {
	out := changeWebhooks(e.It, "", "", e.Added, e.Removed, e.SyncCalled)
	out = append(out, recurringUpdate(e.It, e.Recurring)...)
	for _, pt := range e.Hooks {
		acct := AccountIndex(e.It, pt.AccountID)
		var a, r []ledger.Change
		for _, c := range e.Added {
			if c.Account == acct {
				a = append(a, c)
			}
		}
		for _, c := range e.Removed {
			if c.Account == acct {
				r = append(r, c)
			}
		}
		out = append(out, changeWebhooks(e.It, pt.Webhook, pt.AccountID, a, r, pt.SyncCalled)...)
	}
	return out
}

// changeWebhooks are DEFAULT_UPDATE, TRANSACTIONS_REMOVED and (once sync
// has been used) SYNC_UPDATES_AVAILABLE, about the Item (to "") or, to a
// processor token's webhook, about its account.
func changeWebhooks(it Item, to, accountID string, added, removed []ledger.Change, syncCalled bool) []Outgoing {
	var out []Outgoing
	add := func(code string, fields map[string]any) {
		if to != "" {
			fields["account_id"] = accountID
		}
		out = append(out, Outgoing{It: it, To: to, Type: "TRANSACTIONS", Code: code, Fields: fields})
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
func recurringUpdate(it Item, accts []string) []Outgoing {
	if accts == nil {
		return nil
	}
	return []Outgoing{{It: it, Type: "TRANSACTIONS", Code: "RECURRING_TRANSACTIONS_UPDATE", Fields: map[string]any{"account_ids": accts}}}
}
