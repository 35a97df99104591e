package cra

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Door is what Consumer Report takes from the emulator.
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
	// Now and Frozen are the emulator clock.
	Now() time.Time
	Frozen() bool
	// Later runs fn after d and publishes the events it returns (a
	// report's generation ending), as one change under --state.
	Later(d time.Duration, fn func() []product.Event)
}

// Name names the product module: Consumer Report (Plaid Check).
func (a *API) Name() string { return "cra" }

// Endpoints are the Plaid paths it serves.
func (a *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/cra/check_report/create", a.HandleCreate),
		product.Op("/cra/check_report/base_report/get", a.HandleBaseReportGet),
		product.Op("/cra/check_report/pdf/get", a.HandlePDFGet),
		product.Op("/cra/check_report/income_insights/get", a.HandleIncomeInsightsGet),
		product.Op("/cra/check_report/lend_score/get", a.HandleLendScoreGet),
		product.Op("/cra/check_report/network_insights/get", a.HandleNetworkInsightsGet),
		product.Op("/cra/check_report/cashflow_insights/get", a.HandleCashflowInsightsGet),
		product.Op("/cra/check_report/verification/get", a.HandleVerificationGet),
		product.Op("/cra/check_report/verification/pdf/get", a.HandleVerificationPDFGet),
		product.Op("/cra/check_report/partner_insights/get", a.HandlePartnerInsightsGet),
		product.Op("/cra/partner_insights/get", a.HandleLegacyPartnerInsightsGet),
		product.Op("/cra/loans/register", a.HandleLoansRegister),
		product.Op("/cra/loans/update", a.HandleLoansUpdate),
		product.Op("/cra/loans/unregister", a.HandleLoansUnregister),
		product.Op("/cra/loans/applications/register", a.HandleApplicationsRegister),
		product.Op("/cra/credit_profile/report/get", a.HandleCreditProfileGet),
		product.Op("/consumer_report/pdf/get", a.HandleConsumerReportPDF),
		product.Op("/cra/report/get", a.HandleReportGet),
		product.Op("/cra/servicing/subscription/create", a.HandleServicingCreate),
		product.Op("/cra/servicing/subscription/get", a.HandleServicingGet),
		product.Op("/cra/servicing/subscription/list", a.HandleServicingList),
		product.Op("/cra/servicing/subscription/update", a.HandleServicingUpdate),
		product.Op("/cra/servicing/subscription/delete", a.HandleServicingDelete),
		product.Op("/sandbox/cra/servicing/simulate", a.HandleServicingSimulate),
		product.Op("/cra/monitoring_insights/subscribe", a.HandleSubscribe),
		product.Op("/cra/monitoring_insights/get", a.HandleMonitoringGet),
		product.Op("/cra/monitoring_insights/unsubscribe", a.HandleUnsubscribe),
		product.Op("/sandbox/cra/cashflow_updates/update", a.HandleSandboxUpdate),
	}
}

// Triggers make Consumer Report's webhooks for the Plaid user an Item
// belongs to: a new check report (its READY or FAILED webhook, in the
// user's regime, to the Item's webhook) and a Cash Flow Updates update
// (to the subscription's webhook).
func (a *API) Triggers() []product.Trigger {
	return []product.Trigger{
		{Name: "cra.check_report", WebhookType: "CHECK_REPORT", WebhookCode: "USER_CHECK_REPORT_READY",
			Description: "a new check report of the Item's user over 365 days; READY or FAILED (CHECK_REPORT_* for a legacy user) to the Item's webhook when it is made",
			Path:        "/cra/check_report/create", Body: map[string]any{"days_requested": 365, "consumer_report_permissible_purpose": "ACCOUNT_REVIEW_CREDIT"},
			ItemWebhook: true, ItemUser: true},
		{Name: "cra.cashflow_updates", WebhookType: "CASH_FLOW_UPDATES", WebhookCode: "CASH_FLOW_INSIGHTS_UPDATED",
			Description: "a Cash Flow Updates update of the Item's user, with the events its last 30 days show (to the subscription's webhook)",
			Path:        "/sandbox/cra/cashflow_updates/update", ItemUser: true},
	}
}

// Consumer Report keeps users' reports as one --state record, reset with
// the emulator and per client; generation ends on the clock.
var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.ClockHook
	product.UserLinker
	product.Pager
	product.Triggerer
} = (*API)(nil)
