package emulator

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/persist"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Fixtures at run time: POST /_emulator/fixtures lays one file's worth of
// institutions, users, securities and clients over the fixtures served,
// checked as a file given to --fixtures is. A CI service container, which
// starts before the checkout, gets the suite's fixtures this way. What is
// loaded stays through resets and snapshot restores, and under --state
// through restarts (one record per load, applied again in order).

// FixturesLoaded says what one load added or replaced, and what is served.
type FixturesLoaded struct {
	Status       string         `json:"status"`
	Name         string         `json:"name"`
	Institutions int            `json:"institutions"`
	Users        int            `json:"users"`
	Securities   int            `json:"securities"`
	Clients      int            `json:"clients"`
	Served       map[string]int `json:"served"`
}

// loadedFixtures are the documents loaded so far, in order.
type loadedFixtures struct {
	mu   sync.Mutex
	raw  *fixtures.Set // the fixtures given to New with every load laid over them
	docs []persist.FixtureDoc
}

// onlyAtStart are the sections a load refuses: rows already made refer to
// merchants and categories by position, and profiles belong to the
// Program API's start.
var onlyAtStart = []string{"merchants", "categories", "profiles"}

// LoadFixtures lays one document of fixtures (YAML or JSON) over the ones
// served. On any problem nothing changes and the error is a
// fixtures.Problems naming the line and field of each.
func (s *Server) LoadFixtures(name string, data []byte) (FixturesLoaded, error) {
	name = cmp.Or(name, "fixtures")
	var sections fixtures.Set
	if ps := fixtures.DecodeStrict(name, data, &sections); ps != nil {
		return FixturesLoaded{}, ps
	}
	var refused []fixtures.Violation
	for i, n := range []int{len(sections.Merchants), len(sections.Categories), len(sections.Profiles)} {
		if n > 0 {
			refused = append(refused, fixtures.Violation{Path: onlyAtStart[i],
				Msg: "load only at start (--fixtures, PLAID_EMULATOR_FIXTURES): a load at run time takes institutions, users, securities and clients"})
		}
	}
	if ps := fixtures.ProblemsAt(name, data, refused); len(ps) > 0 {
		return FixturesLoaded{}, ps
	}
	over, err := fixtures.Parse(name, data)
	if err != nil {
		return FixturesLoaded{}, err
	}
	var out FixturesLoaded
	s.atomically(func() {
		if err = s.applyFixtures(over); err != nil {
			return
		}
		s.loaded.mu.Lock()
		defer s.loaded.mu.Unlock()
		id := fixtureDocID(len(s.loaded.docs))
		s.loaded.docs = append(s.loaded.docs, persist.FixtureDoc{Name: name, Data: data, ID: id})
		s.mark(persist.KindFixtures, id)
		fx := s.loaded.raw
		out = FixturesLoaded{Status: "loaded", Name: name, Institutions: len(over.Institutions), Users: len(over.Users),
			Securities: len(over.Securities), Clients: len(over.Clients),
			Served: map[string]int{"institutions": len(fx.Institutions), "users": len(fx.Users), "securities": len(fx.Securities), "clients": len(fx.Clients)}}
	})
	if err != nil {
		return FixturesLoaded{}, fixtures.Problems{{File: name, Field: "-", Message: err.Error()}}
	}
	return out, nil
}

// applyFixtures builds the world with over laid on the fixtures served and
// swaps it in whole, the new clients' credentials with it.
func (s *Server) applyFixtures(over *fixtures.Set) error {
	s.loaded.mu.Lock()
	defer s.loaded.mu.Unlock()
	if s.loaded.raw == nil {
		s.loaded.raw = s.opts.Fixtures
	}
	merged := fixtures.Merge(s.loaded.raw, over)
	cat, err := ledger.NewCatalog(merged.Filled(s.opts.Seed))
	if err != nil {
		return err
	}
	s.loaded.raw = merged
	s.store.SetWorld(cat)
	return nil
}

func fixtureDocID(i int) string { return fmt.Sprintf("%06d", i) }

// all are the loaded documents, in order (for --state).
func (l *loadedFixtures) all() []persist.FixtureDoc {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.docs)
}

// one is the loaded document of a record id.
func (l *loadedFixtures) one(id string) (persist.FixtureDoc, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := slices.IndexFunc(l.docs, func(d persist.FixtureDoc) bool { return d.ID == id })
	if i < 0 {
		return persist.FixtureDoc{}, false
	}
	return l.docs[i], true
}

// reloadFixtures applies the documents a restart found, in order.
func (s *Server) reloadFixtures(docs map[string]persist.FixtureDoc) error {
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		d := docs[id]
		d.ID = id
		over, err := fixtures.Parse(d.Name, d.Data)
		if err == nil {
			err = s.applyFixtures(over)
		}
		if err != nil {
			return fmt.Errorf("fixtures loaded at run time (%s): %w", d.Name, err)
		}
		s.loaded.docs = append(s.loaded.docs, d)
	}
	return nil
}
