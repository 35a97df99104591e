package income

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Door is what Income takes from the emulator.
type Door interface {
	// NewUUID draws an id from the id source.
	NewUUID() string
	// StateChanged says a module's state changed (for --state).
	StateChanged(module string)
	// ItemByID is a copy of an Item whoever owns it.
	ItemByID(id string) (product.Item, bool)
	// IncomeRows are the Item's transactions over days, its Transactions
	// started if they were not: what /transactions/get shows for it.
	IncomeRows(it product.Item, days int, now time.Time) ([]ledger.Row, []string)
	// Catalog renders rows.
	Catalog() *ledger.Catalog
	// Now is the emulator clock.
	Now() time.Time
}

// Name names the product module: Income.
func (a *API) Name() string { return "income" }

// Endpoints are the Plaid paths it serves.
func (a *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/credit/bank_income/get", a.HandleBankIncomeGet),
		product.Op("/credit/bank_income/pdf/get", a.HandleBankIncomePDF),
		product.Op("/credit/bank_income/refresh", a.HandleBankIncomeRefresh),
		product.Op("/credit/bank_income/webhook/update", a.HandleBankIncomeWebhookUpdate),
		product.Op("/sandbox/bank_income/fire_webhook", a.HandleSandboxBankIncomeFire),
		product.Op("/credit/payroll_income/get", a.HandlePayrollIncomeGet),
		product.Op("/credit/payroll_income/risk_signals/get", a.HandleRiskSignalsGet),
		product.Op("/credit/payroll_income/precheck", a.HandlePrecheck),
		product.Op("/credit/payroll_income/refresh", a.HandlePayrollRefresh),
		product.Op("/credit/payroll_income/parsing_config/update", a.HandleParsingConfigUpdate),
		product.Op("/credit/employment/get", a.HandleEmploymentGet),
		product.Op("/credit/bank_statements/uploads/get", a.HandleBankStatementsGet),
		product.Op("/sandbox/income/fire_webhook", a.HandleSandboxIncomeFire),
		product.Op("/income/verification/create", a.HandleVerificationCreate),
		product.Op("/income/verification/precheck", a.HandleVerificationPrecheck),
		product.Op("/income/verification/paystubs/get", a.HandlePaystubsGet),
		product.Op("/income/verification/taxforms/get", a.HandleTaxformsGet),
		product.Op("/income/verification/documents/download", a.HandleDocumentsDownload),
		product.Op("/employment/verification/get", a.HandleEmploymentVerificationGet),
		product.Op("/employers/search", a.HandleEmployersSearch),
	}
}

// Triggers fire the Payroll and Document Income webhooks for an Item.
func (a *API) Triggers() []product.Trigger {
	fire := func(name, code, what string) product.Trigger {
		return product.Trigger{Name: name, WebhookType: "INCOME", WebhookCode: code, Description: what + " (to the Item's webhook)",
			Path: "/sandbox/income/fire_webhook", Body: map[string]any{"webhook_code": code}, ItemWebhook: true, ItemID: true}
	}
	return []product.Trigger{fire("income.verification", "INCOME_VERIFICATION", "payroll or document income processed"),
		fire("income.risk_signals", "INCOME_VERIFICATION_RISK_SIGNALS", "document risk signals ready")}
}

// Income keeps users' reports as one --state record, reset with the
// emulator and per client.
var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.ClockHook
	product.Pager
	product.AccountExtender
	product.Triggerer
	product.UserLinker
} = (*API)(nil)
