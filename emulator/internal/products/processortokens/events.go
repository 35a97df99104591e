package processortokens

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Processor tokens' events and their webhooks.

// WebhookAcknowledged: /processor/token/webhook/update set the
// webhook URL of the processor token for one of It's accounts.
type WebhookAcknowledged struct {
	It        product.Item
	AccountID string
	URL       string
}

func (e WebhookAcknowledged) Webhooks(time.Time) []product.Outgoing {
	return []product.Outgoing{{It: e.It, To: e.URL, Type: "PROCESSOR_TOKEN", Code: "WEBHOOK_UPDATE_ACKNOWLEDGED",
		Fields: map[string]any{"account_id": e.AccountID, "new_webhook_url": e.URL, "error": nil}}}
}
