// Command plaid-loadtest is a bounded loopback load run: it measures
// req/s and p50/p99 latency for /accounts/balance/get, /transactions/sync
// and /item/public_token/exchange at a fixed number of connections, beside
// a bare net/http server answering the same bytes (the ceiling), in the
// same process and run. With -binary it also measures the built binary:
// exec to healthy, idle RSS, and RSS holding N Items of ~100 transactions.
//
//	go run ./cmd/plaid-loadtest -duration 5s -conns 32
//	go build -o /tmp/pe ./cmd/plaid-emulator && go run ./cmd/plaid-loadtest -binary /tmp/pe -items 10000
//
// It only ever sends traffic to 127.0.0.1, and stops by itself.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

type config struct {
	duration time.Duration
	conns    int
	tokens   int    // public tokens made for the exchange phase
	binary   string // plaid-emulator binary for startup and RSS figures
	items    int    // Items to create for the RSS-under-load figure
	state    string // --state file for the in-process emulator ("" for none)
}

func main() {
	var cfg config
	flag.DurationVar(&cfg.duration, "duration", 5*time.Second, "how long each endpoint is loaded (at most 60s)")
	flag.IntVar(&cfg.conns, "conns", 32, "concurrent connections (at most 256)")
	flag.IntVar(&cfg.tokens, "tokens", 20000, "public tokens for the exchange phase (at most 100000)")
	flag.StringVar(&cfg.binary, "binary", "", "a built plaid-emulator, for startup and RSS figures")
	flag.IntVar(&cfg.items, "items", 10000, "Items of ~100 transactions for the RSS figure (with -binary)")
	flag.StringVar(&cfg.state, "state", "", "run the loaded emulator with this --state file (its figures beside a run without)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "plaid-loadtest:", err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	rep, err := run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plaid-loadtest:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
	fmt.Print(rep.String())
}

// result is one load phase's figures.
type result struct {
	name          string
	requests      int
	errors        int
	rps           float64
	p50, p99      time.Duration
	ceilingRPS    float64
	ceilP50, ceil time.Duration
}

type report struct {
	cfg     config
	results []result // without --state
	state   []result // the same phases with --state (when cfg.state is set)
	bin     binFigures
	binSt   binFigures // the binary with --state
}

func table(b *strings.Builder, results []result) {
	fmt.Fprintf(b, "| endpoint | emulator req/s | p50 | p99 | ceiling req/s | ceiling p50 | ceiling p99 | ratio | errors |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, x := range results {
		fmt.Fprintf(b, "| %s | %.0f | %s | %s | %.0f | %s | %s | %.2f | %d |\n", x.name, x.rps, x.p50.Round(time.Microsecond),
			x.p99.Round(time.Microsecond), x.ceilingRPS, x.ceilP50.Round(time.Microsecond), x.ceil.Round(time.Microsecond), x.rps/x.ceilingRPS, x.errors)
	}
}

func (r report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "load: %d connections, %s per endpoint, loopback\n", r.cfg.conns, r.cfg.duration)
	table(&b, r.results)
	if len(r.state) > 0 {
		fmt.Fprintf(&b, "\nthe same with --state (a SQLite database, each answer after its commit):\n")
		table(&b, r.state)
		fmt.Fprintf(&b, "\n| endpoint | req/s without → with --state | × | p99 without → with | × |\n|---|---|---|---|---|\n")
		for i, x := range r.state {
			y := r.results[i]
			fmt.Fprintf(&b, "| %s | %.0f → %.0f | %.2f | %s → %s | %.2f |\n", x.name, y.rps, x.rps, x.rps/y.rps,
				y.p99.Round(time.Microsecond), x.p99.Round(time.Microsecond), float64(x.p99)/float64(y.p99))
		}
	}
	if r.bin.startup > 0 {
		fmt.Fprintf(&b, "\nbinary: start to healthy %s; idle RSS %.1f MiB; RSS with %d Items of ~100 transactions: %.1f MiB\n",
			r.bin.startup.Round(100*time.Microsecond), r.bin.idleRSS, r.cfg.items, r.bin.itemsRSS)
	}
	if r.binSt.startup > 0 {
		fmt.Fprintf(&b, "binary with --state: start %s; RSS with the Items %.1f MiB (%.2f× without); database %.1f MB right after the load, %.1f MB at rest; "+
			"after kill -9, restart to healthy %s holding %d Items\n",
			r.binSt.startup.Round(100*time.Microsecond), r.binSt.itemsRSS, r.binSt.itemsRSS/r.bin.itemsRSS,
			r.binSt.loadedMB, r.binSt.dbMB, r.binSt.restart.Round(time.Millisecond), r.binSt.restored)
	}
	return b.String()
}

func (c *config) bound() {
	c.duration = min(max(c.duration, 100*time.Millisecond), 60*time.Second)
	c.conns = min(max(c.conns, 1), 256)
	c.tokens = min(max(c.tokens, 1), 100000)
	c.items = min(max(c.items, 0), 50000)
}

func run(ctx context.Context, cfg config) (report, error) {
	cfg.bound()
	rep := report{cfg: cfg}
	var err error
	if rep.results, err = phases(ctx, cfg, ""); err != nil {
		return rep, err
	}
	if cfg.state != "" {
		_ = os.Remove(cfg.state)
		if rep.state, err = phases(ctx, cfg, cfg.state); err != nil {
			return rep, err
		}
	}
	if cfg.binary != "" {
		if rep.bin, err = binaryFigures(ctx, cfg, false); err != nil {
			return rep, err
		}
		if cfg.state != "" {
			if rep.binSt, err = binaryFigures(ctx, cfg, true); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// phases loads an in-process emulator (with the state file, if any).
func phases(ctx context.Context, cfg config, state string) ([]result, error) {
	var results []result
	opts := emulator.Options{JournalSize: -1, StateFile: state}
	if state != "" { // its commit figures, at the end
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	srv, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	defer srv.Close()
	client := newClient(cfg.conns)
	base := srv.URL()
	post := func(path, body string) ([]byte, error) { return do(client, base+path, body) }

	pt, err := post("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth","transactions"]}`)
	if err != nil {
		return nil, err
	}
	ex, err := post("/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
	if err != nil {
		return nil, err
	}
	at := field(ex, "access_token")
	balance := `{"access_token":"` + at + `"}`
	for _, ph := range []struct {
		name, path, body string
		writers          bool
	}{
		{"/accounts/balance/get", "/accounts/balance/get", balance, false},
		{"/transactions/sync (54 rows)", "/transactions/sync", `{"access_token":"` + at + `","count":100}`, false},
		{"/accounts/balance/get, 4 writers linking Items meanwhile", "/accounts/balance/get", balance, true},
	} {
		sample, err := post(ph.path, ph.body)
		if err != nil {
			return nil, err
		}
		stop := func() {}
		if ph.writers {
			stop = writers(ctx, base, 4)
		}
		res, err := phase(ctx, cfg, client, base, ph.path, func(int) string { return ph.body }, 0, sample)
		stop()
		if err != nil {
			return nil, err
		}
		res.name = ph.name
		results = append(results, res)
	}
	// Exchange: single-use tokens, made first (a one-account user keeps them light).
	toks := make([]string, cfg.tokens)
	for i := range toks {
		b, err := post("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"override_username":"user_ewa_user","override_password":"x"}}`)
		if err != nil {
			return nil, err
		}
		toks[i] = field(b, "public_token")
	}
	sample, _ := post("/item/public_token/exchange", `{"public_token":"`+toks[len(toks)-1]+`"}`)
	res, err := phase(ctx, cfg, client, base, "/item/public_token/exchange", func(i int) string {
		return `{"public_token":"` + toks[i] + `"}`
	}, len(toks)-1, sample)
	if err != nil {
		return nil, err
	}
	res.name = fmt.Sprintf("/item/public_token/exchange (%d tokens)", len(toks)-1)
	return append(results, res), nil
}

// writers links Items on n connections until the returned stop is called.
func writers(ctx context.Context, base string, n int) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	client := newClient(n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				pt, err := do(client, base+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"]}`)
				if err == nil {
					_, _ = do(client, base+"/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
				}
			}
		}()
	}
	return func() { cancel(); wg.Wait() }
}

func newClient(conns int) *http.Client {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func do(client *http.Client, url, body string) ([]byte, error) {
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		return nil, errors.New("refusing to send load anywhere but 127.0.0.1")
	}
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"load"}, "Plaid-Secret": {"load"}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %d %.200s", url, resp.StatusCode, b)
	}
	return b, err
}

func field(raw []byte, name string) string {
	key := []byte(`"` + name + `":"`)
	i := bytes.Index(raw, key)
	if i < 0 {
		return ""
	}
	rest := raw[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// phase loads the emulator then the ceiling (same bytes) at path; limit > 0
// bounds the request count (single-use bodies).
func phase(ctx context.Context, cfg config, client *http.Client, base, path string, body func(int) string, limit int, sample []byte) (result, error) {
	var res result
	n, errs, rps, p50, p99 := load(ctx, cfg, client, base+path, body, limit)
	res.requests, res.errors, res.rps, res.p50, res.p99 = n, errs, rps, p50, p99
	ceiling, err := startCeiling(sample)
	if err != nil {
		return res, err
	}
	defer ceiling.Close()
	cclient := newClient(cfg.conns)
	_, cerrs, crps, cp50, cp99 := load(ctx, cfg, cclient, "http://"+ceiling.Addr().String()+path, body, limit)
	res.ceilingRPS, res.ceilP50, res.ceil = crps, cp50, cp99
	res.errors += cerrs
	return res, nil
}

// startCeiling serves sample for every request: the bare net/http ceiling.
func startCeiling(sample []byte) (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(sample)
	}))
	return ln, nil
}

// load runs cfg.conns workers against url for cfg.duration (or limit requests).
func load(ctx context.Context, cfg config, client *http.Client, url string, body func(int) string, limit int) (int, int, float64, time.Duration, time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var next, errs atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range cfg.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if limit > 0 && i >= limit {
					break
				}
				t := time.Now()
				_, err := do(client, url, body(i))
				local = append(local, time.Since(t))
				if err != nil && ctx.Err() == nil {
					errs.Add(1)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, local...)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	return len(lat), int(errs.Load()), float64(len(lat)) / elapsed.Seconds(), pct(0.50), pct(0.99)
}
