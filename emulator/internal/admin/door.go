// Package admin serves the emulator's own API, /_emulator/*, and the
// dashboard that reads and steers it: health, reset, the webhook log and
// its stream, Items and the calls made for them, triggers, scenarios, the
// request journal, the clock, snapshots and fixtures loaded at run time.
// It reaches the emulator through one door (Door); it holds no state of
// the emulator's but its stream subscribers.
package admin

import (
	"errors"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// Door is the emulator as its admin API reaches it.
type Door interface {
	// ItemCount is how many Items the emulator holds.
	ItemCount() int
	// Reset puts the fixture baseline back; ResetClient removes one client's state.
	Reset()
	ResetClient(clientID string)
	Hooks() *webhooks.Dispatcher
	Keys() *webhooks.Keyring
	Chaos() *chaos.Engine
	Journal() *chaos.Journal
	// Now is the emulator clock; Frozen says it stands still.
	Now() time.Time
	Frozen() bool
	Freeze(frozen bool)
	// MoveClock advances the clock by d or sets it to at (one of them),
	// with all that comes due, as one change.
	MoveClock(d time.Duration, at time.Time)
	// Item is an Item by id, whoever owns it.
	Item(id string) (product.Item, bool)
	// ItemUser names the Plaid user an Item belongs to as a user_id field
	// does: its id, or a legacy user's token (false: none).
	ItemUser(itemID string) (string, bool)
	// ItemPage is the Items matching q, newest first, and how many match.
	ItemPage(q string, offset, count int) (items any, total int)
	// CallAsItem makes a Plaid call through the emulator's own handler as
	// the Item's client with its access token (false: no such Item).
	// withToken adds the Item's access_token to body.
	CallAsItem(itemID, path string, body map[string]any, withToken bool) (status int, answer []byte, ok bool)
	// CallAdmin makes a call to an admin route through the emulator's own
	// handler (as the dashboard: the admin token added).
	CallAdmin(path string, body map[string]any) (status int, answer []byte)
	// ItemTransactions are the Item's live rows as /transactions/get's
	// JSON (false: not ready).
	ItemTransactions(it product.Item, offset, count int) ([]byte, bool)
	// Triggers are every module's (product.Triggerer), in the list's order.
	Triggers() []product.Trigger
	// PlaidPaths are the Plaid paths served (for the coverage table).
	PlaidPaths() []string
	SaveSnapshot(name string) (SnapshotInfo, error)
	RestoreSnapshot(name string) (SnapshotInfo, error)
	DeleteSnapshot(name string) error
	Snapshots() []SnapshotInfo
	// LoadFixtures lays a fixture file over the world served (the answer
	// to send; fixtures.Problems when nothing was loaded).
	LoadFixtures(name string, data []byte) (any, error)
}

// SnapshotInfo describes a named snapshot.
type SnapshotInfo struct {
	Name    string    `json:"name"`
	TakenAt time.Time `json:"taken_at"` // wall clock
	Clock   time.Time `json:"clock"`    // the emulator clock then; a restore puts it back
	Items   int       `json:"items"`
	Bytes   int       `json:"bytes"`
}

// ErrNoSnapshot is the error for a name no snapshot has.
var ErrNoSnapshot = errors.New("no snapshot by that name")

// Config is what the admin API is told at start.
type Config struct {
	Version, PlaidAPIVersion, SpecVersion string
	// StreamClients bounds the webhook stream's subscribers (0: DefaultStreamClients);
	// StreamWriteTimeout drops one that leaves an event unread so long (0: DefaultStreamWriteTimeout).
	StreamClients      int
	StreamWriteTimeout time.Duration
}

// API is the admin API of one emulator.
type API struct {
	d       Door
	cfg     Config
	streams *streams
}

// New is the admin API reaching the emulator through d.
func New(d Door, cfg Config) *API {
	return &API{d: d, cfg: cfg, streams: newStreams(cfg.StreamClients)}
}

// Close ends every webhook stream and long poll at once.
func (a *API) Close() { a.streams.close() }
