package investments

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// FireTriggers are Investments' webhooks /sandbox/item/fire_webhook can fire.
func (module) FireTriggers() map[string]product.FireTrigger {
	return map[string]product.FireTrigger{
		"HOLDINGS/DEFAULT_UPDATE": {Product: "investments", Fields: func(time.Time, product.Item) map[string]any {
			return map[string]any{"new_holdings": 0, "updated_holdings": 0, "error": nil}
		}},
		"INVESTMENTS_TRANSACTIONS/DEFAULT_UPDATE": {Product: "investments", Fields: func(time.Time, product.Item) map[string]any {
			return map[string]any{"new_investments_transactions": 0, "cancelled_investments_transactions": 0, "error": nil}
		}},
	}
}

// Triggers are the ones listed by the CLI and the dashboard for this product.
func (module) Triggers() []product.Trigger {
	return []product.Trigger{
		product.FireWebhook("holdings.default_update", "HOLDINGS", "DEFAULT_UPDATE", "investment holdings changed"),
		product.FireWebhook("investments_transactions.default_update", "INVESTMENTS_TRANSACTIONS", "DEFAULT_UPDATE", "investment transactions changed"),
	}
}
