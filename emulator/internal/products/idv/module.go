package idv

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Door is what Identity Verification takes from the emulator.
type Door interface {
	// NewUUID draws an id from the id source.
	NewUUID() string
	// StateChanged says a module's state changed (for --state).
	StateChanged(module string)
	// Now is the emulator clock.
	Now() time.Time
}

// userFinder finds a client's Plaid user (product.Users).
type userFinder interface {
	FindUser(clientID string, userID, userToken *string) (product.PlaidUser, *wire.Error)
}

// New is the module; screener (Monitor) may be nil: no screening step.
func New(door Door, users userFinder, screener product.Screener) *API {
	a := &API{door: door, users: users, screener: screener}
	a.Reset()
	return a
}

// Name names the product module.
func (a *API) Name() string { return "identity_verification" }

// Endpoints are the Plaid paths it serves.
func (a *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/identity_verification/create", a.HandleCreate),
		product.Op("/identity_verification/get", a.HandleGet),
		product.Op("/identity_verification/list", a.HandleList),
		product.Op("/identity_verification/retry", a.HandleRetry),
		product.Op("/identity_verification/autofill/create", a.HandleAutofill),
	}
}

// access fails for a client whose fixture lists products without
// identity_verification, as Sandbox answers clients it has not enabled.
func access(c *product.Call) *wire.Error {
	if !c.Fixtures.ClientEnabled(c.ClientID, "identity_verification") {
		return wire.New(wire.CodeInvalidProduct).WithMessage(`client is not authorized to access the following products: ["identity_verification"]`)
	}
	return nil
}

var _ interface {
	product.Module
	product.Persister
	product.Resetter
	product.ClientForgetter
	product.Pager
	product.Triggerer
} = (*API)(nil)
