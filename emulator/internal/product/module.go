package product

import (
	"net/http"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// A product module is a Plaid product as the emulator serves it: the
// paths it answers, each a typed handler made by Op, and what else it can
// do, found by type assertion (Resetter, ClientForgetter, Persister,
// ClockHook, Pager). The emulator keeps one list of them (emulator/products.go)
// and its routing, reset, per-client reset, --state and clock loop over
// it: a new product is its package and one line of that list.
type Module interface {
	// Name names the product (its --state record's kind, when it keeps one).
	Name() string
	// Endpoints are the Plaid paths it serves, in the order they are listed.
	Endpoints() []Endpoint
}

// Endpoint is one Plaid path: its request type and handler, bound by Op.
type Endpoint struct {
	Path string
	// NoAuth: the spec's `security: []` (no client credentials), e.g. /categories/get.
	NoAuth bool
	// Form: it takes multipart/form-data too (a file upload, as Plaid's
	// docs ask), read as the JSON object wire.FormJSON makes of it.
	Form bool
	// NewRequest makes an empty request for the adapter to parse into;
	// Handle runs the handler on it.
	NewRequest func() any
	Handle     func(c *Call, req any) (any, *wire.Error)
}

// Op binds a typed handler to its path: the one way to make an Endpoint.
func Op[Req any](path string, h func(c *Call, req *Req) (any, *wire.Error)) Endpoint {
	return Endpoint{Path: path, NewRequest: func() any { return new(Req) },
		Handle: func(c *Call, req any) (any, *wire.Error) { return h(c, req.(*Req)) }}
}

// Public is Op for a path without client credentials.
func Public[Req any](path string, h func(c *Call, req *Req) (any, *wire.Error)) Endpoint {
	e := Op(path, h)
	e.NoAuth = true
	return e
}

// Upload is Op for a path that takes a file as multipart/form-data
// (or JSON, as the official clients send it).
func Upload[Req any](path string, h func(c *Call, req *Req) (any, *wire.Error)) Endpoint {
	e := Op(path, h)
	e.Form = true
	return e
}

// Resetter is a module with state of its own: Reset returns it to the
// fixture baseline (POST /_emulator/reset).
type Resetter interface{ Reset() }

// ClientForgetter removes one client's state, leaving the others'
// (POST /_emulator/reset {"client_id"}).
type ClientForgetter interface{ ForgetClient(clientID string) }

// Persister is a module whose state --state and named snapshots keep, as
// one record of its Name: Snapshot writes it, Restore puts it back after
// a restart, and Rewind puts back an earlier one (a named snapshot) while
// keeping taken ids taken.
type Persister interface {
	Snapshot() ([]byte, error)
	Restore(data []byte) error
	Rewind(data []byte) error
}

// ClockHook is a module with work that comes due as the emulator clock
// moves: Due returns the events of what came due by now.
type ClockHook interface{ Due(now time.Time) []Event }

// Pager is a module with routes of its own beside Plaid's paths: pages,
// files and calls under /_emulator/ (and a script path). They take no
// client credentials (a link token or the like guards them) and pass the
// admin token's check (Link's own pages are open; others need the token).
type Pager interface{ Pages() []Page }

// Page is one such route. Method ("": any) and Path match exactly, or,
// when Path ends in "/", every path one segment under it. Serve answers it; or Op,
// when set, runs it through the adapter as a Plaid-style call (JSON body,
// Plaid's error shape, the journal) without client credentials.
type Page struct {
	Method, Path string
	Serve        http.HandlerFunc
	Op           *Endpoint
}
