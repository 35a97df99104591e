package liabilities

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// FireTriggers are Liabilities' webhooks /sandbox/item/fire_webhook can fire.
func (module) FireTriggers() map[string]product.FireTrigger {
	return map[string]product.FireTrigger{
		"LIABILITIES/DEFAULT_UPDATE": {Product: "liabilities", Fields: func(time.Time, product.Item) map[string]any {
			return map[string]any{"account_ids_with_new_liabilities": []string{}, "account_ids_with_updated_liabilities": map[string]any{}, "error": nil}
		}},
	}
}

// Triggers are the ones listed by the CLI and the dashboard for this product.
func (module) Triggers() []product.Trigger {
	return []product.Trigger{
		product.FireWebhook("liabilities.default_update", "LIABILITIES", "DEFAULT_UPDATE", "liabilities changed"),
	}
}
