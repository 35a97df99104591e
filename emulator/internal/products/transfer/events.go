package transfer

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Transfer's events and the webhooks Plaid sends for them (publish sends them).

// EventsUpdate: new transfer events exist. TRANSFER_EVENTS_UPDATE
// goes to To, else to the Item's webhook; it names no transfer (the
// receiver calls /transfer/event/sync).
type EventsUpdate struct {
	It product.Item
	To string
}

func (e EventsUpdate) Webhooks(time.Time) []product.Outgoing {
	to := e.To
	if to == "" && e.It.Webhook != nil {
		to = *e.It.Webhook
	}
	if to == "" {
		return nil
	}
	return []product.Outgoing{{It: e.It, To: to, Type: "TRANSFER", Code: "TRANSFER_EVENTS_UPDATE", Fields: map[string]any{}}}
}

// PlatformOnboardingUpdate: an originator's onboarding status changed;
// PLATFORM_ONBOARDING_UPDATE goes to the webhook its platform gave.
type PlatformOnboardingUpdate struct {
	To, OriginatorID string
}

func (e PlatformOnboardingUpdate) Webhooks(time.Time) []product.Outgoing {
	return []product.Outgoing{{To: e.To, Type: "TRANSFER", Code: "PLATFORM_ONBOARDING_UPDATE", Fields: map[string]any{"originator_client_id": e.OriginatorID}}}
}

// RecurringNewTransfer: a recurring transfer originated a transfer.
type RecurringNewTransfer struct {
	It                      product.Item
	RecurringID, TransferID string
}

func (e RecurringNewTransfer) Webhooks(time.Time) []product.Outgoing {
	if e.It.Webhook == nil || *e.It.Webhook == "" {
		return nil
	}
	return []product.Outgoing{{It: e.It, To: *e.It.Webhook, Type: "TRANSFER", Code: "RECURRING_NEW_TRANSFER",
		Fields: map[string]any{"recurring_transfer_id": e.RecurringID, "transfer_id": e.TransferID}}}
}

// RecurringTransferSkipped: an origination failed its authorization check.
type RecurringTransferSkipped struct {
	It                                   product.Item
	RecurringID, Decision, RationaleCode string
	Date                                 string
}

func (e RecurringTransferSkipped) Webhooks(time.Time) []product.Outgoing {
	if e.It.Webhook == nil || *e.It.Webhook == "" {
		return nil
	}
	f := map[string]any{"recurring_transfer_id": e.RecurringID, "authorization_decision": e.Decision, "skipped_origination_date": e.Date}
	if e.RationaleCode != "" {
		f["authorization_decision_rationale_code"] = e.RationaleCode
	}
	return []product.Outgoing{{It: e.It, To: *e.It.Webhook, Type: "TRANSFER", Code: "RECURRING_TRANSFER_SKIPPED", Fields: f}}
}
