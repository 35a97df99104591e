package users

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Name names the product module: Plaid users.
func (a *API) Name() string { return "users" }

// Endpoints are the Plaid paths it serves.
func (a *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/user/create", a.HandleCreate),
		product.Op("/user/get", a.HandleGet),
		product.Op("/user/update", a.HandleUpdate),
		product.Op("/user/remove", a.HandleRemove),
		product.Op("/user/identity/remove", a.HandleIdentityRemove),
		product.Op("/user/items/get", a.HandleItemsGet),
		product.Op("/user/items/associate", a.HandleItemsAssociate),
		product.Op("/user/items/remove", a.HandleItemsRemove),
		product.Op("/user/third_party_token/create", a.HandleThirdPartyCreate),
		product.Op("/user/third_party_token/remove", a.HandleThirdPartyRemove),
		product.Op("/user/products/terminate", a.HandleProductsTerminate),
		product.Op("/user/financial_data/refresh", a.HandleRefresh),
		product.Op("/user/transactions/refresh", a.HandleRefresh),
		product.Op("/sandbox/user/reset_login", a.HandleResetLogin),
		product.Op("/sandbox/user/fire_webhook", a.HandleFireWebhook),
	}
}

// Users are one --state record, reset with the emulator and per client.
var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.Pager
} = (*API)(nil)
