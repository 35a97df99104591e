package link

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Name names the product module: Link tokens (the Link page and OAuth trips are served beside, under /_emulator/link).
func (p *API) Name() string { return "link" }

// Endpoints are the Plaid paths it serves.
func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/link/token/create", p.HandleLinkTokenCreate),
		product.Op("/link/token/get", p.HandleLinkTokenGet),
		product.Public("/sandbox/oauth/select_accounts", p.HandleSelectAccounts),
		product.Op("/credit/sessions/get", p.HandleCreditSessions),
	}
}

// It keeps state of its own: a reset and a client's reset reach it.
var _ interface {
	product.Module
	product.Resetter
	product.ClientForgetter
} = (*API)(nil)
