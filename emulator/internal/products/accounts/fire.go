package accounts

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// FireTriggers are Auth's webhooks /sandbox/item/fire_webhook can fire.
func (module) FireTriggers() map[string]product.FireTrigger {
	return map[string]product.FireTrigger{
		"AUTH/DEFAULT_UPDATE": {Product: "auth", Fields: func(time.Time, product.Item) map[string]any {
			return map[string]any{"account_ids_with_new_auth": []string{}, "account_ids_with_updated_auth": map[string]any{}, "error": nil}
		}},
		"AUTH/SMS_MICRODEPOSITS_VERIFICATION": {Product: "auth", Fields: func(_ time.Time, it product.Item) map[string]any {
			return map[string]any{"account_id": product.FirstAccountID(it), "status": "MANUALLY_VERIFIED"}
		}},
	}
}

// Triggers are the ones listed by the CLI and the dashboard for this product.
func (module) Triggers() []product.Trigger {
	return []product.Trigger{
		product.FireWebhook("auth.default_update", "AUTH", "DEFAULT_UPDATE", "account or routing numbers changed"),
		product.FireWebhook("auth.sms_microdeposits_verification", "AUTH", "SMS_MICRODEPOSITS_VERIFICATION", "the user verified micro-deposits by text"),
	}
}
