package items

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// defaultTypes is the webhook_type a code implies when the request has
// none (else TRANSACTIONS).
var defaultTypes = map[string]string{
	"NEW_ACCOUNTS_AVAILABLE": "ITEM", "USER_PERMISSION_REVOKED": "ITEM", "USER_ACCOUNT_REVOKED": "ITEM",
	"PENDING_DISCONNECT": "ITEM", "LOGIN_REPAIRED": "ITEM", "SMS_MICRODEPOSITS_VERIFICATION": "AUTH",
	"PRODUCT_READY": "ASSETS", "ERROR": "ASSETS",
}

// FireTriggers are the Item's own webhooks /sandbox/item/fire_webhook can fire.
func (p *API) FireTriggers() map[string]product.FireTrigger {
	return map[string]product.FireTrigger{
		"ITEM/NEW_ACCOUNTS_AVAILABLE": {Fields: product.NoError},
		"ITEM/USER_PERMISSION_REVOKED": {
			Fields: func(time.Time, product.Item) map[string]any {
				return map[string]any{"error": product.WebhookError(wire.New(wire.CodeUserPermissionRevoked))}
			},
			Change: func(it *product.Item) { it.Err = wire.New(wire.CodeUserPermissionRevoked).ForItem() },
		},
		"ITEM/USER_ACCOUNT_REVOKED": {Fields: func(_ time.Time, it product.Item) map[string]any {
			return map[string]any{"account_id": product.FirstAccountID(it)}
		}},
		"ITEM/PENDING_DISCONNECT": {Fields: func(now time.Time, _ product.Item) map[string]any { return product.PendingDisconnectFields(now) }},
		"ITEM/LOGIN_REPAIRED": {
			Fields: func(time.Time, product.Item) map[string]any { return map[string]any{} },
			Change: func(it *product.Item) {
				if it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired {
					it.Err = nil
				}
			},
		},
	}
}

// Triggers are the ones listed by the CLI and the dashboard for this product.
func (p *API) Triggers() []product.Trigger {
	return []product.Trigger{
		{Name: "item.login_required", WebhookType: "ITEM", WebhookCode: "ERROR", Description: "the Item needs a new login (ITEM_LOGIN_REQUIRED)", Path: "/sandbox/item/reset_login"},
		product.FireWebhook("item.login_repaired", "ITEM", "LOGIN_REPAIRED", "the Item's login works again"),
		product.FireWebhook("item.new_accounts_available", "ITEM", "NEW_ACCOUNTS_AVAILABLE", "the bank has accounts the user has not shared"),
		product.FireWebhook("item.pending_disconnect", "ITEM", "PENDING_DISCONNECT", "the Item will stop working soon"),
		product.FireWebhook("item.user_permission_revoked", "ITEM", "USER_PERMISSION_REVOKED", "the user revoked the app's access"),
		product.FireWebhook("item.user_account_revoked", "ITEM", "USER_ACCOUNT_REVOKED", "the user revoked one account"),
	}
}
