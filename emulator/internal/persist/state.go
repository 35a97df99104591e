// Package persist is the emulator's --state and its named snapshots: every
// record of the state (the store's, the parts' beside it, the Persister
// modules') collected for a group commit, read back at a start, and saved
// whole under a name to be put back on request. The database itself is
// statedb's; what the records mean is each part's.
package persist

import (
	"log/slog"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/program"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/statedb"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// Parts are the emulator's parts whose state is kept.
type Parts struct {
	Store   *store.Store
	Hooks   *webhooks.Dispatcher
	Keys    *webhooks.Keyring
	Chaos   *chaos.Engine
	Assets  *assets.API
	Link    *link.API
	Program *program.API
	Modules []product.Module
	// Signal is the module no record holds: a snapshot's restore leaves it.
	Signal product.Module
}

// Door is what else the emulator does for a restore.
type Door interface {
	Now() time.Time
	// SetClock sets the emulator clock; OnClockChange hears of each change.
	SetClock(t time.Time)
	OnClockChange(fn func())
	// ReloadFixtures applies the fixture documents loaded at run time, in order.
	ReloadFixtures(docs map[string]FixtureDoc) error
	// Loaded are the fixture documents loaded so far; LoadedOne one by its record id.
	Loaded() []FixtureDoc
	LoadedOne(id string) (FixtureDoc, bool)
	// ResetState empties the state, resetting the modules resets says.
	ResetState(resets func(product.Module) bool)
	// FinishPulls completes transaction pulls a stop or a restore cut short.
	FinishPulls()
}

// Config is what the emulator was started with.
type Config struct {
	File        string // the --state database ("": none)
	Seed        int64
	FreezeClock bool
	Log         *slog.Logger
}

// FixtureDoc is a fixture document loaded at run time, as its record keeps it.
type FixtureDoc struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
	ID   string `json:"-"` // its record's id: its place in the order of loads
}

// KindFixtures is the kind of a FixtureDoc's record.
const KindFixtures = "fixtures"

// State is the emulator's kept state.
type State struct {
	p        Parts
	d        Door
	cfg      Config
	persist  *statedb.Committer // the --state database; nil without it
	saveOnce sync.Once
	whole    sync.Mutex // held by Atomically: one change of several steps at a time
	snaps    snapshots
	ready    chan struct{} // closed by Ready
	stopped  bool          // Stop has begun (under whole): no change runs after
}

// New is the kept state of the parts p, reaching the rest by d.
func New(p Parts, d Door, cfg Config) *State {
	return &State{p: p, d: d, cfg: cfg, ready: make(chan struct{})}
}

// Ready says the server is built: work armed before (by a restore) may run.
func (s *State) Ready() { close(s.ready) }

// Later runs fn after d as one change (Atomically), once the server is
// built, and not once it has stopped.
func (s *State) Later(d time.Duration, fn func()) {
	time.AfterFunc(d, func() {
		<-s.ready
		s.Atomically(fn)
	})
}

// On says whether a --state database is open.
func (s *State) On() bool { return s.persist != nil }

// MarkAll notes that every record changed (a reset: the database holds the
// baseline again).
func (s *State) MarkAll() {
	if s.persist != nil {
		s.persist.MarkKind("*")
	}
}
