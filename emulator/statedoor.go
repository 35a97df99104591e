package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/persist"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// stateDoor is the emulator as its kept state (internal/persist) reaches it.
type stateDoor struct{ s *Server }

var _ persist.Door = stateDoor{}

func (d stateDoor) Now() time.Time          { return d.s.clock.Now() }
func (d stateDoor) SetClock(t time.Time)    { d.s.clock.Set(t) }
func (d stateDoor) OnClockChange(fn func()) { d.s.clock.onChange = fn }
func (d stateDoor) FinishPulls()            { d.s.finishPulls() }

func (d stateDoor) ReloadFixtures(docs map[string]persist.FixtureDoc) error {
	return d.s.reloadFixtures(docs)
}
func (d stateDoor) Loaded() []persist.FixtureDoc { return d.s.loaded.all() }
func (d stateDoor) LoadedOne(id string) (persist.FixtureDoc, bool) {
	return d.s.loaded.one(id)
}
func (d stateDoor) ResetState(resets func(product.Module) bool) { d.s.resetState(resets) }

// mark notes a changed record (for --state; nothing without it).
func (s *Server) mark(kind, id string) { s.state.Mark(kind, id) }

// atomically runs a change of several steps as one commit under --state.
func (s *Server) atomically(fn func()) { s.state.Atomically(fn) }

// finishPulls completes transaction pulls a stop or a restore cut short.
func (s *Server) finishPulls() {
	ids, ledgers, initial := s.store.Unfinished()
	for i, id := range ids {
		if initial[i] {
			s.pull(id, ledgers[i], false)
		}
		s.pull(id, ledgers[i], true)
	}
}

// SnapshotInfo describes a named snapshot.
type SnapshotInfo = persist.SnapshotInfo

// ErrNoSnapshot is the error for a name no snapshot has.
var ErrNoSnapshot = persist.ErrNoSnapshot

// MaxSnapshots bounds how many named snapshots are kept at once.
const MaxSnapshots = persist.MaxSnapshots

// SaveSnapshot saves the whole state under name, replacing a snapshot of
// that name.
func (s *Server) SaveSnapshot(name string) (SnapshotInfo, error) { return s.state.SaveSnapshot(name) }

// RestoreSnapshot puts the state saved under name back: every Item,
// token, webhook, Transfer object, scenario and the emulator clock, as
// they were. Counters never go back: an id answered before the restore
// (an Item's, a token's, a webhook's, an event's) is never handed out
// again. The request journal and rate-limit counts stay as they are.
func (s *Server) RestoreSnapshot(name string) (SnapshotInfo, error) {
	return s.state.RestoreSnapshot(name)
}

// Snapshots lists the saved snapshots by name.
func (s *Server) Snapshots() []SnapshotInfo { return s.state.Snapshots() }

// DeleteSnapshot forgets a snapshot.
func (s *Server) DeleteSnapshot(name string) error { return s.state.DeleteSnapshot(name) }
