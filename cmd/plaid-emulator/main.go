// Command plaid-emulator serves a local emulator of Plaid's Sandbox API.
//
//	plaid-emulator [serve] [--addr 127.0.0.1:7777] [--fixtures DIR] [--seed N]
//	plaid-emulator validate DIR
//	plaid-emulator version
//	plaid-emulator healthcheck [--addr HOST:PORT]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// version is set by a release build with -ldflags "-X main.version=…";
// otherwise resolveVersion reads what Go recorded in the binary.
var version = ""

func init() { version = resolveVersion(version, debug.ReadBuildInfo) }

// resolveVersion is the binary's version: the one the build set; else the
// module version Go records for `go install …@vX`; else "devel" with the
// VCS revision (and "-dirty" for uncommitted changes) a source build
// records.
func resolveVersion(set string, info func() (*debug.BuildInfo, bool)) string {
	if set != "" && set != "dev" {
		return set
	}
	bi, ok := info()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	out := "devel"
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		out += " " + rev[:min(12, len(rev))] + dirty
	}
	return out
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if _, ok := cliCommands[args[0]]; ok {
			return runCLI(ctx, args[0], args[1:], getenv, stdout, stderr)
		}
	}
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		usage(stdout)
		return 0
	}
	cfg, err := loadConfig(args, getenv)
	var help helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(stdout, string(help))
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "plaid-emulator:", err)
		return 2
	}
	switch cfg.command {
	case "version":
		fmt.Fprintln(stdout, "plaid-emulator", version)
		fmt.Fprintf(stdout, "Plaid API %s, OpenAPI spec %s\n", emulator.PlaidAPIVersion, emulator.SpecVersion)
		return 0
	case "validate":
		return validate(cfg, stdout, stderr)
	case "healthcheck":
		return healthcheck(cfg, stderr)
	}
	return serve(ctx, cfg, stderr)
}

// usage is what plaid-emulator --help prints.
func usage(w io.Writer) {
	fmt.Fprint(w, `plaid-emulator: a local emulator of Plaid's Sandbox API

usage: plaid-emulator [command] [flags]     (each command's --help lists its flags)

commands that run the emulator:
  serve        serve the API (the default)
  validate     check fixture and scenario files
  version      print the version
  healthcheck  exit 0 if the emulator at --addr answers

commands that talk to a running one (--url, env PLAID_EMULATOR_URL):
`)
	for _, name := range []string{"listen", "trigger", "items", "webhooks", "requests", "clock", "scenario", "reset"} {
		fmt.Fprintf(w, "  %-11s  %s\n", name, cliCommands[name])
	}
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	o := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// loadFixtures is the embedded defaults with dir's files laid over them.
func loadFixtures(dir string) (*fixtures.Set, error) {
	set := fixtures.Default()
	if dir == "" {
		return set, nil
	}
	if err := readableDir("--fixtures", dir); err != nil {
		return nil, err
	}
	over, err := fixtures.Load(os.DirFS(dir))
	if err != nil {
		return nil, prefixProblems(dir, err)
	}
	return fixtures.Merge(set, over), nil
}

// readableDir says in words why dir (a flag's value) cannot be read: it
// is missing, a file, or a file in it is unreadable (with what to do about
// the image's user).
func readableDir(flag, dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: no such directory", flag, dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s %s: permission denied (the image runs as uid 65532: make the directory readable by others, chmod a+rx)", flag, dir)
	case err != nil:
		return fmt.Errorf("%s %s: cannot be read", flag, dir)
	case !st.IsDir():
		return fmt.Errorf("%s %s: is a file; give the directory that holds the YAML files", flag, dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("%s %s: cannot list it (the image runs as uid 65532: chmod a+rx)", flag, dir)
	}
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("%s: %s cannot be read (the image runs as uid 65532: make it readable by others, chmod a+r)", flag, filepath.Join(dir, e.Name()))
		}
		f.Close()
	}
	return nil
}

func prefixProblems(dir string, err error) error {
	var ps fixtures.Problems
	if errors.As(err, &ps) {
		for i := range ps {
			ps[i].File = strings.TrimSuffix(dir, "/") + "/" + ps[i].File
		}
		return ps
	}
	return err
}

func serve(ctx context.Context, cfg config, stderr io.Writer) int {
	log := newLogger(cfg, stderr)
	set, err := loadFixtures(cfg.fixturesDir)
	if err != nil {
		log.Error("invalid fixtures", "err", err.Error())
		return 1
	}
	extra, err := loadScenarios(cfg.scenarioDir)
	if err != nil {
		log.Error("invalid scenarios", "err", err.Error())
		return 1
	}
	journal := cfg.journalSize
	if journal == 0 {
		journal = -1
	}
	if cfg.webhookURL != "" { // the Dashboard webhook of clients whose fixture sets none
		withURL := *set
		withURL.DefaultDashboardWebhook = cfg.webhookURL
		set = &withURL
	}
	srv, err := emulator.New(emulator.Options{Fixtures: set, Seed: cfg.seed, Logger: log, Version: version,
		Scenarios: extra, RateLimits: cfg.rateLimits, JournalSize: journal, JournalBytes: cfg.journalBytes, WebhookLogSize: cfg.webhookLog, StreamClients: cfg.streamClients, StreamWriteTimeout: cfg.streamWriteTO, NoItemAgeing: cfg.noAgeing, ScheduledUpdates: cfg.scheduled, StateFile: cfg.stateFile,
		StartTime: cfg.startTime, FreezeClock: cfg.freezeClock,
		WebhookKeyFile: cfg.webhookKey, WebhookRetry: cfg.retry, WebhookTimeout: cfg.webhookTO, WebhookAllowLinkLocal: cfg.linkLocal, AdminToken: cfg.adminToken,
		ReadHeaderTimeout: cfg.readHeaderTO, ReadTimeout: cfg.readTO, WriteTimeout: cfg.writeTO, IdleTimeout: cfg.idleTO, MaxHeaderBytes: cfg.maxHeader,
		TransactionsReadyAfter: cfg.txReady, ProgramAPI: cfg.programAPI})
	if err != nil {
		log.Error("start", "err", err)
		return 1
	}
	if err := srv.Start(cfg.addr); err != nil {
		log.Error("start", "err", err)
		return 1
	}
	attrs := []any{"url", srv.URL(), "version", version}
	if cfg.seed != 0 {
		attrs = append(attrs, "seed", cfg.seed)
	}
	if strings.HasPrefix(cfg.addr, "0.0.0.0:") || strings.HasPrefix(cfg.addr, ":") || strings.HasPrefix(cfg.addr, "[::]:") {
		attrs = append(attrs, "note", "the url is this machine's (or container's) own; from outside a container use its published port")
	}
	log.Info("plaid-emulator listening", attrs...)
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTO)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	return 0
}

// loadScenarios reads dir's scenario files (none without a dir).
func loadScenarios(dir string) ([]scenarios.Scenario, error) {
	if dir == "" {
		return nil, nil
	}
	if err := readableDir("--scenarios", dir); err != nil {
		return nil, err
	}
	list, err := scenarios.Load(os.DirFS(dir), emulator.KnownCode)
	if err != nil {
		return nil, prefixProblems(dir, err)
	}
	return list, nil
}

// validate checks fixture files (DIR or --fixtures) and scenario files
// (--scenarios), printing file:line: field: problem lines.
func validate(cfg config, stdout, stderr io.Writer) int {
	dir := cfg.fixturesDir
	if len(cfg.args) == 1 {
		dir = cfg.args[0]
	}
	code := 0
	if dir != "" {
		if set, err := loadFixtures(dir); err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
		} else if err := set.CrossCheck(); err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
		} else {
			fmt.Fprintln(stdout, dir+": ok")
		}
	}
	if cfg.scenarioDir != "" {
		if _, err := loadScenarios(cfg.scenarioDir); err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
		} else {
			fmt.Fprintln(stdout, cfg.scenarioDir+": ok")
		}
	}
	return code
}

// healthcheck exits 0 when /_emulator/health answers at --addr (used by the
// container's HEALTHCHECK, which has no curl).
func healthcheck(cfg config, stderr io.Writer) int {
	addr := strings.Replace(cfg.addr, "0.0.0.0", "127.0.0.1", 1)
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + addr + "/_emulator/health")
	if err != nil {
		fmt.Fprintln(stderr, "unhealthy:", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "unhealthy: status", resp.StatusCode)
		return 1
	}
	return 0
}
