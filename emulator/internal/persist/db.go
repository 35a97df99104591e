package persist

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/statedb"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// --state: the database is the store of record. Memory serves every read;
// each change is marked where it is made (store.changed, the dispatcher's,
// Link's, Assets' and the engine's hooks, publish), and the response to a
// request that changed anything is written only once a group commit holds
// the change (durable).

// Open opens the --state database, restores it if it holds a state,
// then commits every change to it from here on.
func (s *State) Open() error {
	path := s.cfg.File
	db, err := statedb.Open(path)
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	f := s.newSaved()
	n := db.Count()
	if err := db.Each(f.add); err != nil {
		db.Close()
		return fmt.Errorf("state file %s: corrupt: %w", path, err)
	}
	if n > 0 {
		if err := s.restore(f, restoreHow{}); err != nil {
			db.Close()
			return fmt.Errorf("state file %s: %w", path, err)
		}
	}
	s.persist = statedb.NewCommitter(db, s.collect, func(err error) {
		s.cfg.Log.Error("committing state", "file", path, "err", err)
	})
	s.p.Store.SetOnChange(s.persist.Mark)
	s.p.Hooks.SetOnChange(func(id string) {
		if id == "" {
			s.persist.MarkKind(KindWebhook)
		} else {
			s.persist.Mark(KindWebhook, id)
		}
	})
	s.p.Keys.SetOnChange(func() { s.persist.Mark(KindKeys, "") })
	s.p.Chaos.SetOnChange(func() { s.persist.Mark(KindChaos, "") })
	s.d.OnClockChange(func() { s.persist.Mark(KindMeta, "") })
	if n > 0 {
		s.d.FinishPulls()
		s.cfg.Log.Info("state restored", "file", path, "records", n, "items", f.store.Items())
	} else {
		s.persist.MarkKind("*") // a new database holds the baseline from the start
	}
	return nil
}

// Mark notes a changed record (for --state; nothing without it).
func (s *State) Mark(kind, id string) {
	if s.persist != nil {
		s.persist.Mark(kind, id)
	}
}

// Atomically runs a change of several steps (a clock move, a scheduled
// update of every Item, a snapshot saved or restored) so that --state
// keeps all of it or none: no commit can fall between its steps. Two such
// changes never overlap.
func (s *State) Atomically(fn func()) {
	s.whole.Lock()
	defer s.whole.Unlock()
	if s.stopped {
		return
	}
	if s.persist == nil {
		fn()
		return
	}
	s.persist.Atomically(fn)
}

// Stop commits the last changes and closes the database.
func (s *State) Stop() {
	func() {
		s.whole.Lock()
		defer s.whole.Unlock()
		s.stopped = true
	}()
	if s.persist == nil {
		return
	}
	s.saveOnce.Do(func() {
		commits, records, busy := s.persist.Stats()
		s.cfg.Log.Info("state closed", "file", s.cfg.File, "commits", commits, "records", records, "commit_time", busy.Round(time.Millisecond))
		if err := s.persist.Close(); err != nil {
			s.cfg.Log.Error("closing state", "file", s.cfg.File, "err", err)
		}
	})
}

// Durable holds each response until every change marked before it is
// written is committed (at once when none is pending). A commit that fails answers Plaid's
// INTERNAL_SERVER_ERROR instead of a success that would not survive.
func (s *State) Durable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dw := &durableWriter{ResponseWriter: w, s: s}
		next.ServeHTTP(dw, r)
		dw.sync()
	})
}

type durableWriter struct {
	http.ResponseWriter
	s      *State
	synced bool
	failed bool
}

// sync waits for the commit once, before the first byte goes out.
func (w *durableWriter) sync() {
	if w.synced {
		return
	}
	w.synced = true
	// Sync(0): every change marked so far, not only this request's, so that
	// nothing a client is shown (a webhook's attempt made in the background,
	// say) can be lost by a kill after the answer.
	if err := w.s.persist.Sync(0); err != nil {
		w.failed = true
		e := wire.New(wire.CodeInternalServerError).WithMessage("the change could not be saved to the state database")
		b, _ := json.Marshal(e)
		h := w.ResponseWriter.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.ResponseWriter.WriteHeader(e.HTTPStatus)
		_, _ = w.ResponseWriter.Write(b)
	}
}

func (w *durableWriter) WriteHeader(code int) {
	if w.sync(); !w.failed {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *durableWriter) Write(b []byte) (int, error) {
	if w.sync(); w.failed {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *durableWriter) Flush() {
	if w.sync(); !w.failed {
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *durableWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// collect reads the records a commit writes (statedb.Collect): the
// current values of keys, every record of the whole kinds, and meta.
func (s *State) collect(keys []statedb.Key, whole []string) ([]statedb.Record, error) {
	return s.collectWith(keys, whole, true)
}

// collectState is collect without the named snapshots: what one holds.
func (s *State) collectState(keys []statedb.Key, whole []string) ([]statedb.Record, error) {
	return s.collectWith(keys, whole, false)
}

func (s *State) collectWith(keys []statedb.Key, whole []string, withSnapshots bool) ([]statedb.Record, error) {
	all := slices.Contains(whole, "*")
	wants := func(kind string) bool { return all || slices.Contains(whole, kind) }
	by := map[string][]string{}
	for _, k := range keys {
		if !wants(k.Kind) {
			by[k.Kind] = append(by[k.Kind], k.ID)
		}
	}
	var out []statedb.Record
	put := func(kind, id string, v any, ok bool) error {
		if !ok {
			out = append(out, statedb.Record{Kind: kind, ID: id})
			return nil
		}
		var b []byte
		var err error
		switch v := v.(type) {
		case []byte:
			b = v
		case interface{ recordBytes() []byte }: // a value that is its own record
			b = v.recordBytes()
		default:
			b, err = json.Marshal(v)
		}
		out = append(out, statedb.Record{Kind: kind, ID: id, Value: b})
		return err
	}
	if err := s.p.Store.Collect(by, wants, store.Put(put), s.sentOf); err != nil {
		return nil, err
	}
	if err := s.collectParts(by, wants, put); err != nil {
		return nil, err
	}
	if withSnapshots { // and the fixtures loaded: records that are not state
		if err := collectRecords(KindSnapshot, wants, by, put, s.snaps.all,
			func(v *savedSnapshot) string { return v.info.Name }, s.snaps.get); err != nil {
			return nil, err
		}
		if err := collectRecords(KindFixtures, wants, by, put, s.d.Loaded,
			func(d FixtureDoc) string { return d.ID }, s.d.LoadedOne); err != nil {
			return nil, err
		}
	}
	meta, err := s.metaRecord()
	if err != nil {
		return nil, err
	}
	return out, put(KindMeta, "", meta, true)
}

type putFunc = store.Put

func (s *State) metaRecord() (metaRecord, error) {
	m := metaRecord{SavedAt: time.Now().UTC(), Clock: s.d.Now(), Seed: s.cfg.Seed, WebhookSeq: s.p.Hooks.Seq()}
	var err error
	m.StoreRNG, m.IDRNG, err = s.p.Store.RNG()
	return m, err
}

// sentOf is an Item's last webhook, for its record.
func (s *State) sentOf(itemID string) *webhooks.Sent {
	if w, ok := s.p.Hooks.LastSent(itemID); ok {
		return &w
	}
	return nil
}
