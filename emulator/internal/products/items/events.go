package items

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// The items module's events and their webhooks.

// WebhookAcknowledged: /item/webhook/update set a webhook URL.
type WebhookAcknowledged struct{ It product.Item }

func (e WebhookAcknowledged) Webhooks(time.Time) []product.Outgoing {
	return []product.Outgoing{{It: e.It, Type: "ITEM", Code: "WEBHOOK_UPDATE_ACKNOWLEDGED",
		Fields: map[string]any{"new_webhook_url": *e.It.Webhook, "error": nil}}}
}

// VerificationChanged: a micro-deposit account's verification status was set.
type VerificationChanged struct {
	It               product.Item
	AccountID, State string
}

func (e VerificationChanged) Webhooks(time.Time) []product.Outgoing {
	code := "AUTOMATICALLY_VERIFIED"
	if e.State == "verification_expired" {
		code = "VERIFICATION_EXPIRED"
	}
	return []product.Outgoing{{It: e.It, Type: "AUTH", Code: code, Fields: map[string]any{"account_id": e.AccountID, "error": nil}}}
}
