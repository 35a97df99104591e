package transactions

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// FireTriggers are Transactions' webhooks /sandbox/item/fire_webhook can fire.
func (p *API) FireTriggers() map[string]product.FireTrigger {
	return map[string]product.FireTrigger{
		"TRANSACTIONS/DEFAULT_UPDATE": {Product: "transactions", Fields: func(time.Time, product.Item) map[string]any {
			return map[string]any{"new_transactions": 0, "error": nil}
		}},
		"TRANSACTIONS/SYNC_UPDATES_AVAILABLE": {Product: "transactions", Fields: func(time.Time, product.Item) map[string]any {
			return map[string]any{"initial_update_complete": true, "historical_update_complete": true}
		}},
		"TRANSACTIONS/RECURRING_TRANSACTIONS_UPDATE": {Product: "transactions", Fields: func(_ time.Time, it product.Item) map[string]any {
			ids := []string{}
			for _, a := range it.Accounts {
				if a.Type == "depository" || a.Type == "credit" {
					ids = append(ids, a.ID)
				}
			}
			return map[string]any{"account_ids": ids}
		}},
	}
}

// Triggers are the ones listed by the CLI and the dashboard for this product.
func (p *API) Triggers() []product.Trigger {
	return []product.Trigger{
		product.FireWebhook("transactions.sync_updates", "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", "/transactions/sync has new data"),
		product.FireWebhook("transactions.default_update", "TRANSACTIONS", "DEFAULT_UPDATE", "new transactions (the /transactions/get webhook)"),
		product.FireWebhook("transactions.recurring_update", "TRANSACTIONS", "RECURRING_TRANSACTIONS_UPDATE", "recurring streams changed"),
	}
}
