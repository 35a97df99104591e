package persist

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/admin"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/statedb"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Named snapshots: the whole state (every record --state writes) saved
// under a name and put back on request, so that a suite can build its
// baseline once and return to it between tests. They are kept in memory
// and, under --state, as one record each in the database.

const (
	KindSnapshot = "snapshot"
	// MaxSnapshots bounds how many named snapshots are kept at once.
	MaxSnapshots = 100
)

// SnapshotInfo describes a named snapshot.
type SnapshotInfo = admin.SnapshotInfo

// ErrNoSnapshot is the error for a name no snapshot has.
var ErrNoSnapshot = admin.ErrNoSnapshot

var snapshotName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// snapshots are the saved ones: each its info and its records, encoded.
type snapshots struct {
	mu sync.Mutex
	by map[string]*savedSnapshot
}

type savedSnapshot struct {
	info SnapshotInfo
	blob []byte
}

func (ss *snapshots) get(name string) (*savedSnapshot, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	v, ok := ss.by[name]
	return v, ok
}

func (ss *snapshots) all() []*savedSnapshot {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	out := make([]*savedSnapshot, 0, len(ss.by))
	for _, v := range ss.by {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *savedSnapshot) int { return strings.Compare(a.info.Name, b.info.Name) })
	return out
}

// put adds or replaces one; false when it would be one too many.
func (ss *snapshots) put(v *savedSnapshot) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.by == nil {
		ss.by = map[string]*savedSnapshot{}
	}
	if _, ok := ss.by[v.info.Name]; !ok && len(ss.by) >= MaxSnapshots {
		return false
	}
	ss.by[v.info.Name] = v
	return true
}

func (ss *snapshots) remove(name string) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	_, ok := ss.by[name]
	delete(ss.by, name)
	return ok
}

// checkSnapshotName says what is wrong with a name, in words.
func checkSnapshotName(name string) error {
	if !snapshotName.MatchString(name) {
		return fmt.Errorf("a snapshot name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got %q", wire.Clip(name, 80))
	}
	return nil
}

// SaveSnapshot saves the whole state under name, replacing a snapshot of
// that name.
func (s *State) SaveSnapshot(name string) (SnapshotInfo, error) {
	if err := checkSnapshotName(name); err != nil {
		return SnapshotInfo{}, err
	}
	var info SnapshotInfo
	var err error
	s.Atomically(func() {
		var recs []statedb.Record
		if recs, err = s.collectState(nil, []string{"*"}); err != nil {
			return
		}
		info = SnapshotInfo{Name: name, TakenAt: time.Now().UTC(), Clock: s.d.Now()}
		for _, r := range recs {
			if r.Kind == KindItem {
				info.Items++
			}
		}
		blob := statedb.EncodeBundle(func(size int) any { info.Bytes = size; return info }, recs)
		info.Bytes = len(blob)
		if !s.snaps.put(&savedSnapshot{info, blob}) {
			err = fmt.Errorf("%d snapshots are kept already: delete one first (DELETE /_emulator/snapshots/NAME)", MaxSnapshots)
			return
		}
		s.Mark(KindSnapshot, name)
	})
	return info, err
}

// RestoreSnapshot puts the state saved under name back: every Item,
// token, webhook, Transfer object, scenario and the emulator clock, as
// they were. Counters never go back: an id answered before the restore
// (an Item's, a token's, a webhook's, an event's) is never handed out
// again. The request journal and rate-limit counts stay as they are.
func (s *State) RestoreSnapshot(name string) (SnapshotInfo, error) {
	snap, ok := s.snaps.get(name)
	if !ok {
		return SnapshotInfo{}, fmt.Errorf("%w: %q (GET /_emulator/snapshots lists them)", ErrNoSnapshot, wire.Clip(name, 80))
	}
	f := s.newSaved()
	if err := statedb.DecodeBundleParallel(snap.blob, func(r statedb.Record) error { return f.add(r.Kind, r.ID, r.Value) }); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %q is unreadable: %w", name, err)
	}
	var err error
	s.Atomically(func() {
		how := restoreHow{snapshot: true, hookSeq: s.p.Hooks.Seq(), chaosNext: s.p.Chaos.LastID()}
		how.nonce = s.p.Store.DrawNonce()
		// A Persister is not reset (Rewind keeps its taken ids taken), nor is
		// Signal, whose state no record holds (what it evaluated stays known).
		s.d.ResetState(func(m product.Module) bool {
			_, rewound := m.(product.Persister)
			return !rewound && m != product.Module(s.p.Signal)
		})
		err = s.restore(f, how)
		if s.persist != nil {
			s.persist.MarkKind("*")
		}
	})
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %q could not be restored: %w", name, err)
	}
	s.d.FinishPulls()
	return snap.info, nil
}

// Snapshots lists the saved snapshots by name.
func (s *State) Snapshots() []SnapshotInfo {
	var out []SnapshotInfo
	for _, v := range s.snaps.all() {
		out = append(out, v.info)
	}
	return out
}

// DeleteSnapshot forgets a snapshot.
func (s *State) DeleteSnapshot(name string) error {
	if !s.snaps.remove(name) {
		return fmt.Errorf("%w: %q", ErrNoSnapshot, wire.Clip(name, 80))
	}
	s.Mark(KindSnapshot, name)
	return nil
}

// recordBytes is the snapshot's record: its encoding as it is (for --state).
func (v *savedSnapshot) recordBytes() []byte { return v.blob }
