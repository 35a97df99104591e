// Package emulator is a local emulator of Plaid's Sandbox API. It serves the
// same paths, shapes and errors as https://sandbox.plaid.com from an
// in-memory store built from YAML fixtures, deterministically from a seed.
//
// Use it in-process with New and Handler (or emulatortest.NewServer in
// tests), or as the plaid-emulator binary.
package emulator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/admin"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/persist"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/signal"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transfer"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/users"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/program"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// PlaidAPIVersion is the Plaid API version the emulator answers as (the
// Plaid-Version clients send), and SpecVersion the version of Plaid's
// OpenAPI spec its request checks were generated from.
const (
	PlaidAPIVersion = "2020-09-14"
	SpecVersion     = wire.SpecVersion
)

// DefaultStreamClients is how many event-stream subscribers a Server
// takes at once (Options.StreamClients), and DefaultStreamWriteTimeout
// how long one may leave an event unread before it is dropped.
const (
	DefaultStreamClients      = admin.DefaultStreamClients
	DefaultStreamWriteTimeout = admin.DefaultStreamWriteTimeout
)

// DefaultSeed is the data seed used when Options.Seed is 0 (gofakeit and our ids
// treat 0 as "random"; we never want that by accident).
const DefaultSeed = 20200914

// Options configure a Server. The zero value is usable.
type Options struct {
	// Fixtures is the world to serve; nil means fixtures.Default(). The set
	// must not change after it is given to New: what is derived from it is
	// built once and shared by every Server made from it.
	Fixtures *fixtures.Set
	// Seed makes a run repeatable, ids included: same seed, same calls,
	// same bytes. 0 means DefaultSeed for the generated data, with ids
	// mixed with a fresh per-run value, so two runs (or a run before and
	// after a reset) never hand out the same id.
	Seed int64
	// Logger receives the request log and internal errors; nil discards.
	Logger *slog.Logger
	// Version is reported by /_emulator/health.
	Version string
	// StartTime sets the emulator clock at start; zero means the wall clock.
	StartTime time.Time
	// FreezeClock stops the emulator clock from following wall time (it moves
	// only when told to), which makes every timestamp repeatable.
	FreezeClock bool
	// WebhookKeyFile is a PEM file holding the ES256 webhook signing key; it
	// is created when missing. Empty: a key derived from the seed.
	WebhookKeyFile string
	// WebhookRetry is the retry policy for failed deliveries; zero means FastRetry.
	WebhookRetry webhooks.RetryPolicy
	// WebhookTimeout bounds one delivery attempt; zero means 10 s.
	WebhookTimeout time.Duration
	// The HTTP server's bounds (Start): zero takes the Default*.
	// ReadTimeout bounds reading a whole request, WriteTimeout the time
	// from the end of its headers to the end of the answer (longer than the
	// longest long poll, 60 s), IdleTimeout a keep-alive connection's
	// wait for its next request, MaxHeaderBytes a request's headers.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                                            int
	// AdminToken, when set, must come as "Authorization: Bearer TOKEN" on
	// every /_emulator/ route but health and Link's own (/_emulator/link/*,
	// /_emulator/oauth/*, which the link token guards).
	AdminToken string
	// WebhookAllowLinkLocal lets webhooks go to link-local and cloud
	// metadata addresses (169.254.0.0/16, fe80::/10, metadata.google.internal),
	// refused by default.
	WebhookAllowLinkLocal bool
	// TransactionsReadyAfter is how long an Item's transactions take to be
	// ready (NOT_READY until then); the historical pull takes as long again.
	// Zero: ready when the Item is created.
	TransactionsReadyAfter time.Duration
	// ProgramAPI serves the Program API (a bank-transfer platform's
	// account-registration API) beside Plaid's.
	ProgramAPI bool
	// ProgramClientID is the Plaid client the Program API acts as
	// (default DefaultProgramClientID).
	ProgramClientID string
	// Scenarios are added to the built-in chaos library (not activated).
	Scenarios []scenarios.Scenario
	// RateLimits is off (default), sandbox or production: Plaid's per-Item
	// and per-client limits per endpoint, on the emulator clock.
	RateLimits string
	// JournalSize is how many requests /_emulator/requests keeps (0: 1000;
	// negative: none).
	JournalSize int
	// WebhookLogSize bounds the webhook log to that many finished
	// (delivered or exhausted) webhooks, oldest first out; pending ones
	// always stay (0: 10,000).
	WebhookLogSize int
	// JournalBytes bounds the bodies the journal keeps, in all (0: 64 MiB);
	// past it the oldest entries go. JournalBodyLimit cuts each body
	// (0: 256 KiB), keeping its size.
	JournalBytes, JournalBodyLimit int
	// NoItemAgeing stops Items from needing a new login 30 days (emulator
	// clock) after creation, as Sandbox Items do.
	NoItemAgeing bool
	// ScheduledUpdates gives Items with Transactions Plaid's scheduled
	// updates as the emulator clock passes 00, 06, 12 and 18 h UTC (wall
	// time, or moved with /_emulator/clock; at most 8 a move), each a
	// refresh with its webhooks. Off in the library by default (a still world for unit
	// tests); the binary turns it on (--scheduled-updates).
	ScheduledUpdates bool
	// StreamClients bounds the subscribers of /_emulator/webhooks/stream
	// (0: DefaultStreamClients); one more is answered 503.
	// StreamWriteTimeout is how long a subscriber may leave an event
	// unread before it is dropped (0: DefaultStreamWriteTimeout).
	StreamClients      int
	StreamWriteTimeout time.Duration
	// StateFile, when set, keeps all state across restarts: restored at New
	// (an unusable file is an error), written atomically within about 100 ms
	// of any change and at shutdown.
	StateFile string
}

// Server is one emulator: its state, its HTTP handler and, once Start is
// called, its listener.
type Server struct {
	sched        scheduler // Plaid's scheduled updates (Options.ScheduledUpdates)
	opts         Options
	log          *slog.Logger
	clock        *Clock
	store        *store.Store
	keys         *webhooks.Keyring
	hooks        *webhooks.Dispatcher
	program      *program.API
	signal       *signal.API
	assets       *assets.API
	transactions *transactions.API
	link         *link.API
	transfer     *transfer.API
	users        *users.API
	chaos        *chaos.Engine
	journal      *chaos.Journal
	limits       *chaos.Limiter
	handler      http.Handler
	started      time.Time // emulator time at New

	modules    []product.Module             // productModules, once made
	fired      product.FireTable            // every module's fire triggers (product.Firer)
	plaidPaths []string                     // filled by routes
	exact      map[string]*product.Endpoint // Plaid path → its endpoint, filled by routes

	admin  *admin.API     // /_emulator/* and the dashboard
	state  *persist.State // --state and the named snapshots
	loaded loadedFixtures // fixtures loaded at run time

	mu       sync.Mutex
	httpSrv  *http.Server
	listener net.Listener
	serveErr chan error
}

// New builds a Server from opts. It fails if the fixtures are unusable.
func New(opts Options) (*Server, error) {
	repeatable := opts.Seed != 0
	if opts.Seed == 0 {
		opts.Seed = DefaultSeed
	}
	if opts.Fixtures == nil {
		opts.Fixtures = defaultFixtures()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := &Server{opts: opts, log: opts.Logger}
	s.admin = admin.New(adminDoor{s}, admin.Config{Version: opts.Version, PlaidAPIVersion: PlaidAPIVersion, SpecVersion: SpecVersion,
		StreamClients: opts.StreamClients, StreamWriteTimeout: opts.StreamWriteTimeout})
	s.clock = newClock(opts.StartTime, opts.FreezeClock)
	s.started = s.clock.Now()
	world, err := worldFor(opts.Fixtures, opts.Seed)
	if err != nil {
		return nil, err
	}
	st := store.New(world, opts.Seed, repeatable)
	s.store = st
	if s.keys, err = webhooks.NewKeyring(opts.Seed, opts.WebhookKeyFile, s.started); err != nil {
		return nil, err
	}
	s.program = program.New(programPlaid{s}, productDoor{s})
	s.signal = signal.New()
	s.assets = assets.New(productDoor{s})
	s.transactions = transactions.New(productDoor{s})
	s.link = link.New(productDoor{s})
	s.transfer = transfer.New(productDoor{s})
	s.users = users.New(productDoor{s})
	s.modules = s.productModules()
	s.fired = product.FireTable{}
	for _, m := range s.modules {
		if f, ok := m.(product.Firer); ok {
			maps.Copy(s.fired, f.FireTriggers())
		}
	}
	s.chaos = chaos.New(opts.Seed)
	s.chaos.Add(opts.Scenarios)
	if opts.JournalSize == 0 {
		opts.JournalSize = chaos.DefaultJournalSize
	}
	s.journal = chaos.NewJournal(opts.JournalSize, opts.JournalBytes, opts.JournalBodyLimit)
	switch opts.RateLimits {
	case "", chaos.RateLimitsOff:
	case chaos.RateLimitsSandbox, chaos.RateLimitsProduction:
		s.limits = chaos.NewLimiter(opts.RateLimits)
	default:
		return nil, fmt.Errorf("emulator: RateLimits must be off, sandbox or production, not %q", opts.RateLimits)
	}
	idPrefix := ""
	if !repeatable {
		idPrefix = fmt.Sprintf("%08x_", uint32(store.RunNonce()))
		s.log.Info("ids differ per run (no seed given)", "data_seed", opts.Seed, "webhook_id_prefix", "wh_"+idPrefix)
	}
	s.hooks = webhooks.NewDispatcher(s.log, s.keys, opts.WebhookRetry, opts.WebhookTimeout, opts.Version, idPrefix)
	s.hooks.LimitLog(opts.WebhookLogSize)
	s.hooks.AllowLinkLocal(opts.WebhookAllowLinkLocal)
	s.hooks.SetDurable(opts.StateFile != "") // a stop leaves undelivered webhooks pending for the next start
	s.handler = s.routes()
	s.state = persist.New(persist.Parts{Store: s.store, Hooks: s.hooks, Keys: s.keys, Chaos: s.chaos, Assets: s.assets, Link: s.link,
		Program: s.program, Modules: s.modules, Signal: s.signal}, stateDoor{s}, persist.Config{File: opts.StateFile, Seed: opts.Seed,
		FreezeClock: opts.FreezeClock, Log: s.log})
	if opts.StateFile != "" {
		if err := s.state.Open(); err != nil {
			return nil, err
		}
		s.handler = s.state.Durable(s.handler)
	}
	s.startScheduler()
	s.state.Ready()
	return s, nil
}

// Handler is the emulator's whole HTTP surface: Plaid's paths and /_emulator/*.
func (s *Server) Handler() http.Handler { return s.handler }

// Clock is the emulator clock every expiry and timestamp follows.
func (s *Server) Clock() *Clock { return s.clock }

// Reset returns the state to the fixture baseline: every Item, token and
// anything else created by calls is gone, and so is every webhook (pending
// deliveries are cancelled).
func (s *Server) Reset() {
	s.resetState(func(product.Module) bool { return true })
	s.journal.Clear()
	s.limits.Reset()
	s.state.MarkAll() // the database holds the baseline again
}

// resetState returns the state to the fixture baseline: the store (ids
// included), the webhook log, the Program API, the scenarios, and each
// product module that is a Resetter and that resets says so.
func (s *Server) resetState(resets func(product.Module) bool) {
	s.store.Reset()
	s.hooks.Clear()
	s.hooks.ForgetSent()
	s.program.Reset()
	for _, m := range s.modules {
		if r, ok := m.(product.Resetter); ok && resets(m) {
			r.Reset()
		}
	}
	s.chaos.Reset()
}

// Start listens on addr synchronously (so a busy port is an error here, and
// ":0" picks a free port) and serves in the background.
func (s *Server) Start(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return errors.New("emulator: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("emulator: listen on %s: %w", addr, err)
	}
	s.listener = ln
	ln = plaidListener{ln, s} // Go's own plain-text 400/431 answers become Plaid's JSON
	o := s.opts
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: cmp.Or(o.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       cmp.Or(o.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      cmp.Or(o.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       cmp.Or(o.IdleTimeout, DefaultIdleTimeout),
		// Go's own limit is set above ours, so that headers between the two
		// get Plaid's JSON 431 (routes), not Go's plain text.
		MaxHeaderBytes: 2 * cmp.Or(o.MaxHeaderBytes, DefaultMaxHeaderBytes),
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.serveErr = make(chan error, 1)
	go func() { s.serveErr <- s.httpSrv.Serve(ln) }()
	return nil
}

// URL is the base URL of a started server, e.g. http://127.0.0.1:7777.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return ""
	}
	addr := s.listener.Addr().(*net.TCPAddr)
	if addr.IP.IsUnspecified() { // listening on every address: loopback reaches it
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(addr.Port))
	}
	return "http://" + addr.String()
}

// Shutdown stops accepting connections, waits for requests in flight, then
// drains webhook deliveries (each pending one gets a last attempt), until
// ctx ends. It works without Start too (for in-process use).
func (s *Server) Shutdown(ctx context.Context) error {
	srv := func() *http.Server {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.httpSrv
	}()
	s.admin.Close() // open event streams and long polls end now, not at ctx's deadline
	var err error
	if srv != nil {
		err = srv.Shutdown(ctx)
		if serr := <-s.serveErr; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	s.sched.stop()
	if herr := s.hooks.Close(ctx); herr != nil && err == nil {
		err = herr
	}
	s.state.Stop()
	return err
}

// Close shuts down with a 5 second deadline.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(ctx)
}

// The HTTP server's default bounds (Options.ReadTimeout and the rest).
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 90 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
)
