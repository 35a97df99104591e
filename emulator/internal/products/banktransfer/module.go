package banktransfer

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Name names the product module: legacy Bank Transfers.
func (a *API) Name() string { return "bank_transfer" }

// Endpoints are the Plaid paths it serves.
func (a *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/bank_transfer/create", a.HandleCreate),
		product.Op("/processor/bank_transfer/create", a.HandleProcessorCreate),
		product.Op("/bank_transfer/get", a.HandleGet),
		product.Op("/bank_transfer/cancel", a.HandleCancel),
		product.Op("/bank_transfer/list", a.HandleList),
		product.Op("/bank_transfer/event/list", a.HandleEventList),
		product.Op("/bank_transfer/event/sync", a.HandleEventSync),
		product.Op("/bank_transfer/balance/get", a.HandleBalanceGet),
		product.Op("/bank_transfer/migrate_account", a.HandleMigrateAccount),
		product.Op("/transfer/migrate_account", a.HandleMigrateAccount),
		product.Op("/bank_transfer/sweep/get", a.HandleSweepGet),
		product.Op("/bank_transfer/sweep/list", a.HandleSweepList),
		product.Op("/sandbox/bank_transfer/simulate", a.HandleSimulate),
		product.Op("/sandbox/bank_transfer/fire_webhook", a.HandleFireWebhook),
	}
}

// It keeps its state as one --state record, forgets a client's, and
// sweeps as the clock moves.
var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.ClockHook
	product.Triggerer
} = (*API)(nil)

// Triggers are the ones listed by the CLI and the dashboard.
func (a *API) Triggers() []product.Trigger {
	return []product.Trigger{{Name: "bank_transfer.events_update", WebhookType: "BANK_TRANSFERS", WebhookCode: "BANK_TRANSFERS_EVENTS_UPDATE",
		Description: "new Bank Transfer events (to the Item's webhook)", Path: "/sandbox/bank_transfer/fire_webhook", ItemWebhook: true}}
}
