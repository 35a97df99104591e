// Package emulatortest runs a Plaid emulator inside a Go test, in the
// manner of net/http/httptest: NewServer starts it on a free loopback
// port and closes it when the test ends.
//
//	srv := emulatortest.NewServer(t)
//	cfg := plaid.NewConfiguration()
//	cfg.UseEnvironment(plaid.Environment(srv.URL)) // never production
//	cfg.AddDefaultHeader("PLAID-CLIENT-ID", "test")
//	cfg.AddDefaultHeader("PLAID-SECRET", "test")
package emulatortest

import (
	"context"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// Server is a running emulator.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234: what plaid-go's
	// UseEnvironment(plaid.Environment(URL)) and plaid-node's basePath take.
	URL string
	// Emulator is the running emulator, for its clock and Reset.
	Emulator *emulator.Server
	tb       testing.TB
}

// Option changes the emulator's options.
type Option func(*emulator.Options)

// WithFixtures serves set instead of the defaults (lay yours over
// fixtures.Default() with fixtures.Merge to keep Plaid's test data).
func WithFixtures(set *fixtures.Set) Option { return func(o *emulator.Options) { o.Fixtures = set } }

// WithScenarios adds scenarios to the built-in chaos library.
func WithScenarios(list ...scenarios.Scenario) Option {
	return func(o *emulator.Options) { o.Scenarios = append(o.Scenarios, list...) }
}

// WithSeed sets the seed (same seed, same calls: same responses).
func WithSeed(seed int64) Option { return func(o *emulator.Options) { o.Seed = seed } }

// WithOptions edits any other option.
func WithOptions(f func(*emulator.Options)) Option { return Option(f) }

// NewServer starts an emulator on 127.0.0.1 and a free port, and closes it
// (draining webhooks) when tb's test ends. It uses the library's defaults,
// a still world for unit tests: a new Item's transactions are ready at
// once (INITIAL_UPDATE and HISTORICAL_UPDATE sent as it is made; set
// Options.TransactionsReadyAfter for the NOT_READY path), and moving the
// clock makes no scheduled updates (set Options.ScheduledUpdates).
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	var o emulator.Options
	for _, f := range opts {
		f(&o)
	}
	srv, err := emulator.New(o)
	if err != nil {
		tb.Fatalf("emulatortest: %v", err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		tb.Fatalf("emulatortest: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			tb.Errorf("emulatortest: shutdown: %v", err)
		}
	})
	return &Server{URL: srv.URL(), Emulator: srv, tb: tb}
}

// Snapshot saves the whole state under name (replacing one of that name);
// Restore puts it back. Build a baseline once, Snapshot it, and Restore
// it at the start of each test: ids answered before a Restore are never
// handed out again. Either fails the test on error.
func (s *Server) Snapshot(name string) {
	s.tb.Helper()
	if _, err := s.Emulator.SaveSnapshot(name); err != nil {
		s.tb.Fatalf("emulatortest: snapshot: %v", err)
	}
}

// Restore puts back the state saved by Snapshot(name).
func (s *Server) Restore(name string) {
	s.tb.Helper()
	if _, err := s.Emulator.RestoreSnapshot(name); err != nil {
		s.tb.Fatalf("emulatortest: restore: %v", err)
	}
}

// ResetClient removes one client's Items, tokens, Transfer objects,
// reports, webhooks, journal entries and scenario activations; the other
// clients' stay. Tests sharing one emulator in parallel each use their
// own client_id and start with ResetClient.
func (s *Server) ResetClient(clientID string) { s.Emulator.ResetClient(clientID) }
