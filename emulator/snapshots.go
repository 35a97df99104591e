package emulator

import (
	"encoding/binary"
	"encoding/json"
	"errors"
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
	kindSnapshot = "snapshot"
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
func (s *Server) SaveSnapshot(name string) (SnapshotInfo, error) {
	if err := checkSnapshotName(name); err != nil {
		return SnapshotInfo{}, err
	}
	var info SnapshotInfo
	var err error
	s.atomically(func() {
		var recs []statedb.Record
		if recs, err = s.collectState(nil, []string{"*"}); err != nil {
			return
		}
		info = SnapshotInfo{Name: name, TakenAt: time.Now().UTC(), Clock: s.clock.Now()}
		for _, r := range recs {
			if r.Kind == kindItem {
				info.Items++
			}
		}
		blob := encodeSnapshot(&info, recs)
		if !s.snaps.put(&savedSnapshot{info, blob}) {
			err = fmt.Errorf("%d snapshots are kept already: delete one first (DELETE /_emulator/snapshots/NAME)", MaxSnapshots)
			return
		}
		s.mark(kindSnapshot, name)
	})
	return info, err
}

// RestoreSnapshot puts the state saved under name back: every Item,
// token, webhook, Transfer object, scenario and the emulator clock, as
// they were. Counters never go back: an id answered before the restore
// (an Item's, a token's, a webhook's, an event's) is never handed out
// again. The request journal and rate-limit counts stay as they are.
func (s *Server) RestoreSnapshot(name string) (SnapshotInfo, error) {
	snap, ok := s.snaps.get(name)
	if !ok {
		return SnapshotInfo{}, fmt.Errorf("%w: %q (GET /_emulator/snapshots lists them)", ErrNoSnapshot, wire.Clip(name, 80))
	}
	f := s.newSaved()
	if err := decodeParallel(snap.blob, f.add); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %q is unreadable: %w", name, err)
	}
	var err error
	s.atomically(func() {
		how := restoreHow{snapshot: true, hookSeq: s.hooks.Seq(), chaosNext: s.chaos.LastID()}
		how.nonce = s.store.drawNonce()
		// A Persister is not reset (Rewind keeps its taken ids taken), nor is
		// Signal, whose state no record holds (what it evaluated stays known).
		s.resetState(func(m product.Module) bool {
			_, rewound := m.(product.Persister)
			return !rewound && m != product.Module(s.signal)
		})
		err = s.restore(f, how)
		if s.persist != nil {
			s.persist.MarkKind("*")
		}
	})
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %q could not be restored: %w", name, err)
	}
	s.finishPulls()
	return snap.info, nil
}

// Snapshots lists the saved snapshots by name.
func (s *Server) Snapshots() []SnapshotInfo {
	var out []SnapshotInfo
	for _, v := range s.snaps.all() {
		out = append(out, v.info)
	}
	return out
}

// DeleteSnapshot forgets a snapshot.
func (s *Server) DeleteSnapshot(name string) error {
	if !s.snaps.remove(name) {
		return fmt.Errorf("%w: %q", ErrNoSnapshot, wire.Clip(name, 80))
	}
	s.mark(kindSnapshot, name)
	return nil
}

// recordBytes is the snapshot's record: its encoding as it is (for --state).
func (v *savedSnapshot) recordBytes() []byte { return v.blob }

// A snapshot's encoding: "pes1", its info as JSON, then each record as
// kind, id and value, each prefixed by its length (a value's by length+1,
// 0 for none).
const snapshotMagic = "pes1"

func encodeSnapshot(info *SnapshotInfo, recs []statedb.Record) []byte {
	size := len(snapshotMagic) + 256
	for _, r := range recs {
		size += len(r.Kind) + len(r.ID) + len(r.Value) + 3*binary.MaxVarintLen32
	}
	b := make([]byte, 0, size)
	b = append(b, snapshotMagic...)
	info.Bytes = size // near enough for the header; set exactly below
	head, _ := json.Marshal(info)
	b = binary.AppendUvarint(b, uint64(len(head)))
	b = append(b, head...)
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for _, r := range recs {
		b = binary.AppendUvarint(b, uint64(len(r.Kind)))
		b = append(b, r.Kind...)
		b = binary.AppendUvarint(b, uint64(len(r.ID)))
		b = append(b, r.ID...)
		if r.Value == nil {
			b = binary.AppendUvarint(b, 0)
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(r.Value))+1)
		b = append(b, r.Value...)
	}
	info.Bytes = len(b)
	return b
}

var errSnapshotCorrupt = errors.New("corrupt snapshot record")

// snapshotInfoOf reads the info at the head of an encoded snapshot.
func snapshotInfoOf(b []byte) (SnapshotInfo, []byte, error) {
	var info SnapshotInfo
	if !strings.HasPrefix(string(b[:min(len(b), len(snapshotMagic))]), snapshotMagic) {
		return info, nil, errSnapshotCorrupt
	}
	b = b[len(snapshotMagic):]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return info, nil, errSnapshotCorrupt
	}
	if err := json.Unmarshal(b[k:k+int(n)], &info); err != nil {
		return info, nil, errSnapshotCorrupt
	}
	return info, b[k+int(n):], nil
}

// decodeSnapshot hands each record of an encoded snapshot to fn. The
// values are slices of b, which must not change.
func decodeSnapshot(b []byte, fn func(kind, id string, v []byte) error) error {
	_, b, err := snapshotInfoOf(b)
	if err != nil {
		return err
	}
	next := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		v := b[k : k+int(n)]
		b = b[k+int(n):]
		return v, true
	}
	count, k := binary.Uvarint(b)
	if k <= 0 {
		return errSnapshotCorrupt
	}
	b = b[k:]
	for range count {
		kind, ok1 := next()
		id, ok2 := next()
		n, k := binary.Uvarint(b)
		if !ok1 || !ok2 || k <= 0 || n > uint64(len(b)-k)+1 {
			return errSnapshotCorrupt
		}
		var v []byte
		if n > 0 {
			v = b[k : k+int(n)-1]
			b = b[k+int(n)-1:]
		} else {
			b = b[k:]
		}
		if err := fn(string(kind), string(id), v); err != nil {
			return fmt.Errorf("%s record %q: %w", kind, id, err)
		}
	}
	return nil
}

// decodeParallel is decodeSnapshot with fn (safe for concurrent use) run
// on every processor: decoding is most of a restore's time.
func decodeParallel(b []byte, fn func(kind, id string, v []byte) error) error {
	return statedb.Parallel(func(yield func(statedb.Record) bool) error {
		return decodeSnapshot(b, func(kind, id string, v []byte) error {
			if !yield(statedb.Record{Kind: kind, ID: id, Value: v}) {
				return errStopped
			}
			return nil
		})
	}, func(r statedb.Record) error {
		if err := fn(r.Kind, r.ID, r.Value); err != nil {
			return fmt.Errorf("%s record %q: %w", r.Kind, r.ID, err)
		}
		return nil
	})
}

// errStopped ends decoding once a record has failed.
var errStopped = errors.New("stopped after an earlier record failed")
