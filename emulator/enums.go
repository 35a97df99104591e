package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// enumSets are the enums request fields are checked against (tag enum=NAME).
var enumSets = map[string]map[string]bool{
	"products":            set(fixtures.Products),
	"country_codes":       set(fixtures.CountryCodes),
	"account_subtypes":    set(fixtures.AccountSubtypes),
	"item_remove_reasons": set([]string{"FRAUD_FIRST_PARTY", "FRAUD_FALSE_IDENTITY", "FRAUD_ABUSE", "FRAUD_OTHER", "CONNECTION_IS_NON_FUNCTIONAL", "OTHER"}),
	// The spec's twelve and plaid-node 47's FRAUD_TRANSACTION.
	"products_terminate_reasons": set([]string{"FRAUD_FIRST_PARTY", "FRAUD_FALSE_IDENTITY", "FRAUD_ABUSE", "FRAUD_OTHER", "FRAUD_TRANSACTION",
		"CONSUMER_LOAN_PAID_OFF", "CONSUMER_ACCOUNT_CLOSED", "CONSUMER_CHARGE_OFF", "CONSUMER_PAYMENT_METHOD_SWITCHED", "USER_OFFBOARDING",
		"DUPLICATE_ITEM", "BILLING_TERMINATION", "OTHER"}),
	"signal_payment_methods": set([]string{"SAME_DAY_ACH", "STANDARD_ACH", "MULTIPLE_PAYMENT_METHODS"}),
	"income_source_types":    set([]string{"bank", "payroll"}),
	"webhook_types":          set([]string{"AUTH", "HOLDINGS", "INVESTMENTS_TRANSACTIONS", "ITEM", "LIABILITIES", "TRANSACTIONS", "ASSETS"}),
	"fire_webhook_codes": set([]string{"DEFAULT_UPDATE", "NEW_ACCOUNTS_AVAILABLE", "SMS_MICRODEPOSITS_VERIFICATION",
		"AUTHORIZATION_GRANTED", "USER_PERMISSION_REVOKED", "USER_ACCOUNT_REVOKED", "PENDING_DISCONNECT",
		"RECURRING_TRANSACTIONS_UPDATE", "LOGIN_REPAIRED", "SYNC_UPDATES_AVAILABLE", "PRODUCT_READY", "ERROR"}),
	"processors":            set(Processors),
	"pfc_versions":          set([]string{"v1", "v2"}),
	"verification_statuses": set([]string{"automatically_verified", "verification_expired"}),
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, v := range list {
		m[v] = true
	}
	return m
}

// requests checks every request body against its type's declaration.
var requests = wire.NewBinder(enumSets)

// KnownCode reports whether code is a Plaid error code the emulator knows
// (scenario files may name only those).
func KnownCode(code string) bool { return wire.KnownCode(code) }
