package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// defaultTxReady is the binary's first-sync delay: long enough that an
// app's first /transactions/sync sees NOT_READY and its data arrives with
// SYNC_UPDATES_AVAILABLE, as on Sandbox; short enough not to slow a suite.
const defaultTxReady = "1s"

// config is everything the binary is told, by flags or their
// PLAID_EMULATOR_* environment twins (a flag wins over its twin).
type config struct {
	command       string // serve, validate, version, healthcheck
	args          []string
	addr          string
	fixturesDir   string
	seed          int64
	logLevel      slog.Level
	logFormat     string
	startTime     time.Time
	freezeClock   bool
	webhookKey    string
	webhookURL    string
	webhookTO     time.Duration
	retry         emulator.RetryPolicy
	txReady       time.Duration
	programAPI    bool
	adminToken    string
	linkLocal     bool // webhooks may go to link-local and metadata addresses
	scenarioDir   string
	rateLimits    string
	journalSize   int
	journalBytes  int
	webhookLog    int
	streamClients int
	streamWriteTO time.Duration
	shutdownTO    time.Duration
	// the HTTP server's bounds
	readHeaderTO, readTO, writeTO, idleTO time.Duration
	maxHeader                             int
	noAgeing                              bool
	scheduled                             bool
	stateFile                             string
}

// loadConfig parses args (without the program name) and the environment.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	cfg := config{command: "serve"}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cfg.command, args = args[0], args[1:]
	}
	switch cfg.command {
	case "serve", "validate", "version", "healthcheck":
	default:
		return cfg, unknownCommand(cfg.command)
	}
	fs := flag.NewFlagSet("plaid-emulator "+cfg.command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)

	env := func(name, def string) string {
		if v := getenv("PLAID_EMULATOR_" + name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&cfg.addr, "addr", env("ADDR", "127.0.0.1:7777"), "listen address (\":0\" picks a free port)")
	fs.StringVar(&cfg.fixturesDir, "fixtures", env("FIXTURES", ""), "directory of YAML fixtures laid over the defaults")
	seed := fs.String("seed", env("SEED", ""), "seed that makes a run repeatable, ids included (non-zero); without it ids differ per run")
	level := fs.String("log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error")
	fs.StringVar(&cfg.logFormat, "log-format", env("LOG_FORMAT", "text"), "text or json")
	start := fs.String("start-time", env("START_TIME", ""), "emulator clock at start (RFC 3339); default now")
	fs.BoolVar(&cfg.freezeClock, "freeze-clock", envBool(env("FREEZE_CLOCK", "")), "clock moves only when told to")
	fs.StringVar(&cfg.scenarioDir, "scenarios", env("SCENARIOS", ""), "directory of YAML scenarios added to the built-in library")
	fs.StringVar(&cfg.rateLimits, "rate-limits", env("RATE_LIMITS", "off"), "off, sandbox or production: Plaid's per-endpoint limits")
	journal := fs.String("journal-size", env("JOURNAL_SIZE", "1000"), "requests kept by /_emulator/requests (0: none)")
	shutdown := fs.String("shutdown-timeout", env("SHUTDOWN_TIMEOUT", "5s"), "how long a stop waits for requests and webhooks in flight; with --state, undelivered webhooks stay pending for the next start")
	webhookLog := fs.String("webhook-log-size", env("WEBHOOK_LOG_SIZE", "10000"), "finished webhooks the log keeps (oldest go first; pending ones always stay)")
	streamClients := fs.String("stream-clients", env("STREAM_CLIENTS", "32"), "subscribers /_emulator/webhooks/stream takes at once (one more gets 503)")
	streamWrite := fs.String("stream-write-timeout", env("STREAM_WRITE_TIMEOUT", "10s"), "how long a stream subscriber may leave an event unread before it is dropped")
	httpDur := map[string]*string{}
	for _, d := range []struct{ name, def, usage string }{
		{"read-header-timeout", "10s", "how long a request's headers may take to arrive"},
		{"read-timeout", "30s", "how long a whole request may take to arrive (a slow body is cut off)"},
		{"write-timeout", "90s", "how long an answer may take, from the request's headers on (above the 60 s long polls)"},
		{"idle-timeout", "60s", "how long a keep-alive connection may wait for its next request"},
	} {
		httpDur[d.name] = fs.String(d.name, env(strings.ToUpper(strings.ReplaceAll(d.name, "-", "_")), d.def), d.usage)
	}
	maxHeader := fs.String("max-header-bytes", env("MAX_HEADER_BYTES", "64KiB"), "the most a request's headers may hold; more is Plaid's INVALID_HEADERS with status 431")
	journalBytes := fs.String("journal-bytes", env("JOURNAL_BYTES", "64MiB"), "bodies the request journal keeps in all (e.g. 64MiB, 512KiB); the oldest go past it")
	ageing := fs.String("item-ageing", env("ITEM_AGEING", "true"), "Items need a new login 30 days after creation (true or false)")
	scheduled := fs.String("scheduled-updates", env("SCHEDULED_UPDATES", "true"), "Items with Transactions get Plaid's updates as the clock passes 00, 06, 12 and 18 h UTC (true or false)")
	fs.StringVar(&cfg.stateFile, "state", env("STATE", ""), "file that keeps all state across restarts (written within ~100 ms of a change)")
	fs.BoolVar(&cfg.programAPI, "program-api", envBool(env("PROGRAM_API", "")), "also serve the Program API (/plaid/*, /profiles/*)")
	fs.StringVar(&cfg.adminToken, "admin-token", env("ADMIN_TOKEN", ""), "require Authorization: Bearer TOKEN on /_emulator/* (all but health and Link's own) and the Program API, for shared networks")
	fs.BoolVar(&cfg.linkLocal, "webhook-allow-link-local", envBool(env("WEBHOOK_ALLOW_LINK_LOCAL", "")), "let webhooks go to link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10)")
	fs.StringVar(&cfg.webhookKey, "webhook-key", env("WEBHOOK_KEY", ""), "PEM file of the ES256 webhook signing key (created if missing)")
	fs.StringVar(&cfg.webhookURL, "webhook-url-default", env("WEBHOOK_URL_DEFAULT", ""), "where Identity Verification and Monitor webhooks go for clients whose fixture sets no dashboard_webhook (Plaid sets it in its Dashboard)")
	timeout := fs.String("webhook-timeout", env("WEBHOOK_TIMEOUT", "10s"), "how long one webhook attempt waits for an answer")
	txReady := fs.String("transactions-ready-after", env("TRANSACTIONS_READY_AFTER", ""), "how long, in wall time, new Items' transactions stay NOT_READY before INITIAL_UPDATE (the historical pull follows as long again); 0 makes them ready at once; 1s unless --freeze-clock, then 0")
	retry := fs.String("webhook-retry", env("WEBHOOK_RETRY", "fast"), "fast (5 attempts, 0.5 s apart), real (Plaid's: 30 s ×4 for 24 h), or attempts=N,delay=D[,factor=F][,max=D]")
	if err := fs.Parse(args); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
			hint := "plaid-emulator " + cfg.command + " --help lists the flags"
			if p := strings.TrimLeft(name, "-"); p == "port" || p == "p" || p == "host" || p == "listen" {
				hint = "give the address and port together: --addr 127.0.0.1:7777 (or :0 for a free port)"
			}
			return cfg, fmt.Errorf("unknown flag %s: %s", name, hint)
		}
		if errors.Is(err, flag.ErrHelp) {
			var b strings.Builder
			fmt.Fprintf(&b, "usage: plaid-emulator %s [flags]\n\nEvery flag has an environment twin: --addr is PLAID_EMULATOR_ADDR, --log-level PLAID_EMULATOR_LOG_LEVEL, …\n(a boolean twin takes 1, 0, true or false).\n\nflags:\n", cfg.command)
			fs.SetOutput(&b)
			fs.PrintDefaults()
			return cfg, helpRequested(b.String())
		}
		return cfg, err
	}
	cfg.args = fs.Args()
	var err error
	if *seed != "" {
		if cfg.seed, err = strconv.ParseInt(*seed, 10, 64); err != nil || cfg.seed == 0 {
			return cfg, fmt.Errorf("--seed must be a non-zero integer, got %q", *seed)
		}
	}
	if err := cfg.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return cfg, fmt.Errorf("--log-level: %w", err)
	}
	if cfg.logFormat != "text" && cfg.logFormat != "json" {
		return cfg, fmt.Errorf("--log-format must be text or json, got %q", cfg.logFormat)
	}
	if *start != "" {
		if cfg.startTime, err = time.Parse(time.RFC3339, *start); err != nil {
			return cfg, fmt.Errorf("--start-time must be RFC 3339: %w", err)
		}
	}
	if u := cfg.webhookURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return cfg, fmt.Errorf("--webhook-url-default must be an http(s) URL, got %q", u)
	}
	if cfg.webhookTO, err = time.ParseDuration(*timeout); err != nil || cfg.webhookTO <= 0 {
		return cfg, fmt.Errorf("--webhook-timeout must be a positive duration such as 10s, got %q", *timeout)
	}
	switch {
	case *txReady != "":
	case cfg.freezeClock:
		*txReady = "0s" // a still world: data is there when the test moves the clock
	default:
		*txReady = defaultTxReady
	}
	if cfg.txReady, err = time.ParseDuration(*txReady); err != nil || cfg.txReady < 0 {
		return cfg, fmt.Errorf("--transactions-ready-after must be a duration such as 2s, got %q", *txReady)
	}
	switch cfg.rateLimits {
	case "off", "sandbox", "production":
	default:
		return cfg, fmt.Errorf("--rate-limits must be off, sandbox or production, got %q", cfg.rateLimits)
	}
	if cfg.journalSize, err = strconv.Atoi(*journal); err != nil || cfg.journalSize < 0 {
		return cfg, fmt.Errorf("--journal-size must be a whole number, got %q", *journal)
	}
	if cfg.shutdownTO, err = time.ParseDuration(*shutdown); err != nil || cfg.shutdownTO <= 0 {
		return cfg, fmt.Errorf("--shutdown-timeout must be a positive duration such as 5s, got %q", *shutdown)
	}
	if cfg.webhookLog, err = strconv.Atoi(*webhookLog); err != nil || cfg.webhookLog <= 0 {
		return cfg, fmt.Errorf("--webhook-log-size must be a positive whole number, got %q", *webhookLog)
	}
	if cfg.streamClients, err = strconv.Atoi(*streamClients); err != nil || cfg.streamClients <= 0 || cfg.streamClients > 100000 {
		return cfg, fmt.Errorf("--stream-clients must be a whole number from 1 to 100000, got %q", *streamClients)
	}
	if cfg.streamWriteTO, err = time.ParseDuration(*streamWrite); err != nil || cfg.streamWriteTO <= 0 {
		return cfg, fmt.Errorf("--stream-write-timeout must be a positive duration such as 10s, got %q", *streamWrite)
	}
	for name, dst := range map[string]*time.Duration{"read-header-timeout": &cfg.readHeaderTO, "read-timeout": &cfg.readTO, "write-timeout": &cfg.writeTO, "idle-timeout": &cfg.idleTO} {
		v := *httpDur[name]
		if *dst, err = time.ParseDuration(v); err != nil || *dst <= 0 {
			return cfg, fmt.Errorf("--%s must be a positive duration such as 30s, got %q", name, v)
		}
	}
	if cfg.maxHeader, err = parseBytes(*maxHeader); err != nil || cfg.maxHeader < 4<<10 || cfg.maxHeader > 16<<20 {
		return cfg, fmt.Errorf("--max-header-bytes must be a size from 4KiB to 16MiB, got %q", *maxHeader)
	}
	if cfg.journalBytes, err = parseBytes(*journalBytes); err != nil || cfg.journalBytes <= 0 {
		return cfg, fmt.Errorf("--journal-bytes must be a size such as 64MiB, got %q", *journalBytes)
	}
	switch b, err := strconv.ParseBool(*ageing); {
	case err != nil:
		return cfg, fmt.Errorf("--item-ageing must be true or false, got %q", *ageing)
	case !b:
		cfg.noAgeing = true
	}
	if cfg.scheduled, err = strconv.ParseBool(*scheduled); err != nil {
		return cfg, fmt.Errorf("--scheduled-updates must be true or false, got %q", *scheduled)
	}
	if cfg.retry, err = parseRetry(*retry); err != nil {
		return cfg, err
	}
	if cfg.command == "validate" && len(cfg.args) != 1 && cfg.fixturesDir == "" && cfg.scenarioDir == "" {
		return cfg, errors.New("usage: plaid-emulator validate [--scenarios DIR] [FIXTURES_DIR]")
	}
	return cfg, nil
}

// helpRequested is the usage text --help asked for.
type helpRequested string

func (h helpRequested) Error() string { return "help requested" }

// envBool reads a boolean twin: 1, 0, true or false (and their case
// variants, as strconv.ParseBool takes them); anything else is false.
func envBool(v string) bool {
	b, _ := strconv.ParseBool(v)
	return b
}

// parseBytes reads a size: a whole number of bytes, or one with a KiB, MiB
// or GiB suffix.
func parseBytes(v string) (int, error) {
	mult := 1
	for suffix, m := range map[string]int{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if n, ok := strings.CutSuffix(v, suffix); ok {
			v, mult = n, m
			break
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > math.MaxInt/mult {
		return 0, fmt.Errorf("not a size: %q", v)
	}
	return n * mult, nil
}

// parseRetry reads --webhook-retry: fast, real, or a policy such as
// attempts=20,delay=2s,factor=1.5,max=1h.
func parseRetry(v string) (emulator.RetryPolicy, error) {
	switch v {
	case "fast":
		return emulator.FastRetry, nil
	case "real":
		return emulator.RealRetry, nil
	}
	bad := fmt.Errorf("--webhook-retry must be fast, real or attempts=N,delay=D[,factor=F][,max=D], got %q", v)
	p := emulator.RetryPolicy{Factor: 1}
	for _, part := range strings.Split(v, ",") {
		key, val, ok := strings.Cut(part, "=")
		if !ok {
			return p, bad
		}
		var err error
		switch key {
		case "attempts":
			p.Attempts, err = strconv.Atoi(val)
			if err == nil && (p.Attempts < 1 || p.Attempts > 1000) {
				err = bad
			}
		case "delay":
			p.Delay, err = time.ParseDuration(val)
			if err == nil && (p.Delay < time.Millisecond || p.Delay > 24*time.Hour) {
				err = bad
			}
		case "factor":
			p.Factor, err = strconv.ParseFloat(val, 64)
			if err == nil && (p.Factor < 1 || p.Factor > 100) {
				err = bad
			}
		case "max":
			p.MaxElapsed, err = time.ParseDuration(val)
			if err == nil && p.MaxElapsed <= 0 {
				err = bad
			}
		default:
			err = bad
		}
		if err != nil {
			return p, bad
		}
	}
	if p.Delay == 0 || (p.Attempts == 0 && p.MaxElapsed == 0) {
		return p, bad
	}
	return p, nil
}

// unknownCommand names every command, and the nearest to a misspelt one.
func unknownCommand(name string) error {
	all := []string{"serve", "validate", "version", "healthcheck"}
	for c := range cliCommands {
		all = append(all, c)
	}
	slices.Sort(all)
	best, dist := "", 3 // suggest only a near miss
	for _, c := range all {
		if d := editDistance(name, c); d < dist {
			best, dist = c, d
		}
	}
	msg := fmt.Sprintf("unknown command %q", name)
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", best)
	}
	return fmt.Errorf("%s; the commands are %s", msg, strings.Join(all, ", "))
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
