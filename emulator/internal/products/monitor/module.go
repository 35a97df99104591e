package monitor

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Door is what Monitor takes from the emulator.
type Door interface {
	// NewUUID draws an id from the id source.
	NewUUID() string
	// StateChanged says a module's state changed (for --state).
	StateChanged(module string)
	// Now is the emulator clock.
	Now() time.Time
	// Fixtures is the world served (programs, watchlists, webhooks).
	Fixtures() *fixtures.Set
}

// New is the module.
func New(door Door) *API {
	a := &API{door: door}
	a.Reset()
	return a
}

// Name names the product module.
func (a *API) Name() string { return "monitor" }

// Endpoints are the Plaid paths it serves: each individual route and its entity twin.
func (a *API) Endpoints() []product.Endpoint {
	var out []product.Endpoint
	for _, k := range []*kind{individual, entity} {
		base := "/watchlist_screening/" + k.name
		out = append(out,
			product.Op(base+"/create", a.create(k)),
			product.Op(base+"/get", a.get(k)),
			product.Op(base+"/list", a.list(k)),
			product.Op(base+"/update", a.update(k)),
			product.Op(base+"/history/list", a.history(k)),
			product.Op(base+"/hit/list", a.hitList(k)),
			product.Op(base+"/review/create", a.reviewCreate(k)),
			product.Op(base+"/review/list", a.reviewList(k)),
			product.Op(base+"/program/get", a.programGet(k)),
			product.Op(base+"/program/list", a.programList(k)),
		)
	}
	return append(out, product.Op("/dashboard_user/get", a.dashboardUserGet), product.Op("/dashboard_user/list", a.dashboardUserList))
}

// access fails for a client whose fixture lists products without
// identity_verification: Monitor has no product name of its own in
// Plaid's enum, so it goes with Identity Verification (docs/choices.md).
func access(c *product.Call) *wire.Error {
	if !c.Fixtures.ClientEnabled(c.ClientID, "identity_verification") {
		return wire.New(wire.CodeInvalidProduct).WithMessage(`client is not authorized to access the following products: ["monitor"]`)
	}
	return nil
}

// answer is a map answer with the request_id.
type answer map[string]any

func (r answer) SetRequestID(id string) { r["request_id"] = id }

var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.ClockHook
	product.Screener
	product.Pager
	product.Triggerer
} = (*API)(nil)
