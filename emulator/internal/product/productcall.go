package product

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Call is one Plaid request as a product's handler sees it: who asks,
// when, the store's door, and the events the handler reports.
type Call struct {
	ClientID  string
	RequestID string
	Now       time.Time
	ItemID    string  // the Item the call acted on, once known (for the journal)
	Events    []Event // what the handler changed, published when it returns
	Items     Items
	// Fixtures is the world served (immutable).
	Fixtures *fixtures.Set
	// Started is the emulator time the server started at.
	Started time.Time
	// Forced is what a scenario forces on this call, by effect name
	// (transfer_decline: a rationale code; signal_result: a ruleset
	// result); nil when nothing is.
	Forced map[string]string
	// Header reads a request header (nil in calls made without one).
	Header func(name string) string
}

// StatusCoder is an answer whose HTTP status is not 200 (/user/create's
// 201 for a new user).
type StatusCoder interface{ HTTPStatus() int }

// RequestHeader is c's request header name ("" when none).
func (c *Call) RequestHeader(name string) string {
	if c.Header == nil {
		return ""
	}
	return c.Header(name)
}

// Items is the store's door for product handlers.
type Items interface {
	// ProductItem is the common start of every product endpoint: the
	// client's Item behind accessToken, failing with its error state if it
	// has one, with product added on first use ("": none needed).
	ProductItem(c *Call, accessToken, product string) (Item, *wire.Error)
	// Item is the client's Item behind accessToken, whatever its state.
	Item(clientID, accessToken string) (Item, *wire.Error)
	// ProcessorAccount is the common start of every partner endpoint: the
	// Item behind a processor token (failing with its error state) and the
	// index of the token's account, after the token's permissions for
	// product and adding product to the Item on first use ("": none).
	ProcessorAccount(c *Call, processorToken, product string) (Item, int32, *wire.Error)
	// UpdateItem runs fn on the client's Item under the store's write lock.
	UpdateItem(clientID, accessToken string, fn func(*Item) *wire.Error) (Item, *wire.Error)
}

// Emit reports events; the adapter publishes them when the handler returns,
// before the response is written.
func (c *Call) Emit(evs ...Event) { c.Events = append(c.Events, evs...) }

// ProductItem is c.Items.ProductItem for this call.
func (c *Call) ProductItem(accessToken, product string) (Item, *wire.Error) {
	return c.Items.ProductItem(c, accessToken, product)
}
