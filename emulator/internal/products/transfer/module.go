package transfer

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Name names the product module: Transfer.
func (a *API) Name() string { return "transfer" }

// Endpoints are the Plaid paths it serves.
func (a *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/transfer/authorization/create", a.HandleAuthorizationCreate),
		product.Op("/transfer/authorization/cancel", a.HandleAuthorizationCancel),
		product.Op("/transfer/capabilities/get", a.HandleCapabilities),
		product.Op("/transfer/configuration/get", a.HandleConfiguration),
		product.Op("/transfer/metrics/get", a.HandleMetrics),
		product.Op("/transfer/create", a.HandleCreate),
		product.Op("/transfer/get", a.HandleGet),
		product.Op("/transfer/intent/create", a.HandleIntentCreate),
		product.Op("/payment_profile/create", a.HandleProfileCreate),
		product.Op("/payment_profile/get", a.HandleProfileGet),
		product.Op("/payment_profile/remove", a.HandleProfileRemove),
		product.Op("/sandbox/payment_profile/reset_login", a.HandleProfileResetLogin),
		product.Op("/transfer/intent/get", a.HandleIntentGet),
		product.Op("/transfer/cancel", a.HandleCancel),
		product.Op("/transfer/event/sync", a.HandleEventSync),
		product.Op("/transfer/event/list", a.HandleEventList),
		product.Op("/transfer/list", a.HandleList),
		product.Op("/transfer/ledger/get", a.HandleLedgerGet),
		product.Op("/transfer/balance/get", a.HandleBalanceGet),
		product.Op("/transfer/ledger/event/list", a.HandleLedgerEventList),
		product.Op("/sandbox/transfer/ledger/simulate_available", a.HandleSimulateAvailable),
		product.Op("/transfer/ledger/deposit", a.HandleDeposit),
		product.Op("/transfer/ledger/withdraw", a.HandleWithdraw),
		product.Op("/sandbox/transfer/ledger/deposit/simulate", a.HandleDepositSimulate),
		product.Op("/sandbox/transfer/ledger/withdraw/simulate", a.HandleWithdrawSimulate),
		product.Op("/transfer/sweep/get", a.HandleSweepGet),
		product.Op("/transfer/sweep/list", a.HandleSweepList),
		product.Op("/transfer/recurring/create", a.HandleRecurringCreate),
		product.Op("/transfer/recurring/get", a.HandleRecurringGet),
		product.Op("/transfer/recurring/cancel", a.HandleRecurringCancel),
		product.Op("/transfer/recurring/list", a.HandleRecurringList),
		product.Op("/sandbox/transfer/test_clock/create", a.HandleTestClockCreate),
		product.Op("/sandbox/transfer/test_clock/get", a.HandleTestClockGet),
		product.Op("/sandbox/transfer/test_clock/advance", a.HandleTestClockAdvance),
		product.Op("/sandbox/transfer/test_clock/list", a.HandleTestClockList),
		product.Op("/transfer/refund/create", a.HandleRefundCreate),
		product.Op("/transfer/refund/get", a.HandleRefundGet),
		product.Op("/transfer/refund/cancel", a.HandleRefundCancel),
		product.Op("/sandbox/transfer/refund/simulate", a.HandleRefundSimulate),
		product.Op("/sandbox/transfer/simulate", a.HandleSimulate),
		product.Op("/sandbox/transfer/sweep/simulate", a.HandleLegacySweepSimulate),
		product.Op("/sandbox/transfer/repayment/simulate", a.HandleRepaymentSimulate),
		product.Op("/transfer/repayment/list", a.HandleRepaymentList),
		product.Op("/transfer/repayment/return/list", a.HandleRepaymentReturnList),
		product.Op("/transfer/return/recover", a.HandleReturnRecover),
		product.Op("/sandbox/transfer/fire_webhook", a.HandleFireWebhook),
		product.Op("/transfer/ledger/distribute", a.HandleDistribute),
		product.Op("/transfer/originator/create", a.HandleOriginatorCreate),
		product.Op("/transfer/originator/get", a.HandleOriginatorGet),
		product.Op("/transfer/originator/list", a.HandleOriginatorList),
		product.Op("/transfer/originator/funding_account/create", a.HandleFundingAccountCreate),
		product.Op("/transfer/originator/funding_account/update", a.HandleFundingAccountUpdate),
		product.Op("/transfer/questionnaire/create", a.HandleQuestionnaireCreate),
		product.Op("/transfer/diligence/submit", a.HandleDiligenceSubmit),
		product.Upload("/transfer/diligence/document/upload", a.HandleDocumentUpload),
		product.Op("/transfer/platform/originator/create", a.HandlePlatformOriginatorCreate),
		product.Op("/transfer/platform/person/create", a.HandlePersonCreate),
		product.Op("/transfer/platform/requirement/submit", a.HandleRequirementSubmit),
	}
}

// Transfer keeps its whole state as one --state record, forgets a client's
// objects, and has returns that come due as the clock moves.
var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.ClockHook
	product.Pager
} = (*API)(nil)

// AccountExt keeps the fixture account's Transfer rule on the account.
func (a *API) AccountExt(fa *fixtures.Account) any {
	if fa.Transfer == nil {
		return nil
	}
	return fa.Transfer
}

// ruleOf is how Transfer treats the account (nil: as Sandbox).
func ruleOf(acct product.Account) *fixtures.TransferRule {
	r := new(fixtures.TransferRule)
	if !acct.Ext.Get("transfer", r) {
		return nil
	}
	return r
}

// Triggers are the ones listed by the CLI and the dashboard for Transfer.
func (a *API) Triggers() []product.Trigger {
	return []product.Trigger{{Name: "transfer.events_update", WebhookType: "TRANSFER", WebhookCode: "TRANSFER_EVENTS_UPDATE",
		Description: "new Transfer events (to the Item's webhook)", Path: "/sandbox/transfer/fire_webhook", ItemWebhook: true}}
}
