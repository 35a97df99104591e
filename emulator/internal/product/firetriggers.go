package product

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The webhooks /sandbox/item/fire_webhook (and scenario rules) can fire:
// what each needs of the Item, what its body holds, how it changes the Item.

// webhookTrigger is what firing one type/code does: the product the Item
// needs, the body fields, and a change of Item state.
type webhookTrigger struct {
	Product string
	fields  func(now time.Time, it Item) map[string]any
	Change  func(it *Item)
}

// DefaultTypes is the webhook_type a code implies when the request has none.
var DefaultTypes = map[string]string{
	"NEW_ACCOUNTS_AVAILABLE": "ITEM", "USER_PERMISSION_REVOKED": "ITEM", "USER_ACCOUNT_REVOKED": "ITEM",
	"PENDING_DISCONNECT": "ITEM", "LOGIN_REPAIRED": "ITEM", "SMS_MICRODEPOSITS_VERIFICATION": "AUTH",
	"PRODUCT_READY": "ASSETS", "ERROR": "ASSETS",
}

var noError = func(time.Time, Item) map[string]any { return map[string]any{"error": nil} }

// FireTriggers are the type/code pairs /sandbox/item/fire_webhook can fire.
var FireTriggers = map[string]webhookTrigger{
	"TRANSACTIONS/DEFAULT_UPDATE": {Product: "transactions", fields: func(time.Time, Item) map[string]any {
		return map[string]any{"new_transactions": 0, "error": nil}
	}},
	"TRANSACTIONS/SYNC_UPDATES_AVAILABLE": {Product: "transactions", fields: func(time.Time, Item) map[string]any {
		return map[string]any{"initial_update_complete": true, "historical_update_complete": true}
	}},
	"TRANSACTIONS/RECURRING_TRANSACTIONS_UPDATE": {Product: "transactions", fields: func(_ time.Time, it Item) map[string]any {
		ids := []string{}
		for _, a := range it.Accounts {
			if a.Type == "depository" || a.Type == "credit" {
				ids = append(ids, a.ID)
			}
		}
		return map[string]any{"account_ids": ids}
	}},
	"AUTH/DEFAULT_UPDATE": {Product: "auth", fields: func(time.Time, Item) map[string]any {
		return map[string]any{"account_ids_with_new_auth": []string{}, "account_ids_with_updated_auth": map[string]any{}, "error": nil}
	}},
	"AUTH/SMS_MICRODEPOSITS_VERIFICATION": {Product: "auth", fields: func(_ time.Time, it Item) map[string]any {
		return map[string]any{"account_id": firstAccountID(it), "status": "MANUALLY_VERIFIED"}
	}},
	"HOLDINGS/DEFAULT_UPDATE": {Product: "investments", fields: func(time.Time, Item) map[string]any {
		return map[string]any{"new_holdings": 0, "updated_holdings": 0, "error": nil}
	}},
	"INVESTMENTS_TRANSACTIONS/DEFAULT_UPDATE": {Product: "investments", fields: func(time.Time, Item) map[string]any {
		return map[string]any{"new_investments_transactions": 0, "cancelled_investments_transactions": 0, "error": nil}
	}},
	"LIABILITIES/DEFAULT_UPDATE": {Product: "liabilities", fields: func(time.Time, Item) map[string]any {
		return map[string]any{"account_ids_with_new_liabilities": []string{}, "account_ids_with_updated_liabilities": map[string]any{}, "error": nil}
	}},
	"ITEM/NEW_ACCOUNTS_AVAILABLE": {fields: noError},
	"ITEM/USER_PERMISSION_REVOKED": {
		fields: func(time.Time, Item) map[string]any {
			return map[string]any{"error": WebhookError(wire.New(wire.CodeUserPermissionRevoked))}
		},
		Change: func(it *Item) { it.Err = wire.New(wire.CodeUserPermissionRevoked).ForItem() },
	},
	"ITEM/USER_ACCOUNT_REVOKED": {fields: func(_ time.Time, it Item) map[string]any {
		return map[string]any{"account_id": firstAccountID(it)}
	}},
	"ITEM/PENDING_DISCONNECT": {fields: func(now time.Time, _ Item) map[string]any {
		return map[string]any{"reason": "INSTITUTION_TOKEN_EXPIRATION", "disconnect_time": RFC3339(now.AddDate(0, 0, 7))}
	}},
	"ITEM/LOGIN_REPAIRED": {
		fields: func(time.Time, Item) map[string]any { return map[string]any{} },
		Change: func(it *Item) {
			if it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired {
				it.Err = nil
			}
		},
	},
}

func firstAccountID(it Item) string {
	if len(it.Accounts) == 0 {
		return ""
	}
	return it.Accounts[0].ID
}
