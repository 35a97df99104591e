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
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
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
	flag.Parse()
	rep, err := run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plaid-loadtest:", err)
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
	cfg      config
	results  []result
	startup  time.Duration
	idleRSS  float64
	itemsRSS float64
}

func (r report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "load: %d connections, %s per endpoint, loopback", r.cfg.conns, r.cfg.duration)
	if r.cfg.state != "" {
		fmt.Fprintf(&b, ", --state %s", r.cfg.state)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "| endpoint | emulator req/s | p50 | p99 | ceiling req/s | ceiling p50 | ceiling p99 | ratio | errors |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, x := range r.results {
		fmt.Fprintf(&b, "| %s | %.0f | %s | %s | %.0f | %s | %s | %.2f | %d |\n", x.name, x.rps, x.p50.Round(time.Microsecond),
			x.p99.Round(time.Microsecond), x.ceilingRPS, x.ceilP50.Round(time.Microsecond), x.ceil.Round(time.Microsecond), x.rps/x.ceilingRPS, x.errors)
	}
	if r.startup > 0 {
		fmt.Fprintf(&b, "start to healthy: %s; idle RSS: %.1f MiB; RSS with %d Items of ~100 transactions: %.1f MiB\n",
			r.startup.Round(100*time.Microsecond), r.idleRSS, r.cfg.items, r.itemsRSS)
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
	srv, err := emulator.New(emulator.Options{JournalSize: -1, StateFile: cfg.state})
	if err != nil {
		return rep, err
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return rep, err
	}
	defer srv.Close()
	client := newClient(cfg.conns)
	base := srv.URL()
	post := func(path, body string) ([]byte, error) { return do(client, base+path, body) }

	pt, err := post("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth","transactions"]}`)
	if err != nil {
		return rep, err
	}
	ex, err := post("/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
	if err != nil {
		return rep, err
	}
	at := field(ex, "access_token")
	for _, ph := range []struct{ name, path, body string }{
		{"/accounts/balance/get", "/accounts/balance/get", `{"access_token":"` + at + `"}`},
		{"/transactions/sync (54 rows)", "/transactions/sync", `{"access_token":"` + at + `","count":100}`},
	} {
		sample, err := post(ph.path, ph.body)
		if err != nil {
			return rep, err
		}
		res, err := phase(ctx, cfg, client, base, ph.path, func(int) string { return ph.body }, 0, sample)
		if err != nil {
			return rep, err
		}
		res.name = ph.name
		rep.results = append(rep.results, res)
	}
	// Exchange: single-use tokens, made first (a one-account user keeps them light).
	toks := make([]string, cfg.tokens)
	for i := range toks {
		b, err := post("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"override_username":"user_ewa_user","override_password":"x"}}`)
		if err != nil {
			return rep, err
		}
		toks[i] = field(b, "public_token")
	}
	sample, _ := post("/item/public_token/exchange", `{"public_token":"`+toks[len(toks)-1]+`"}`)
	res, err := phase(ctx, cfg, client, base, "/item/public_token/exchange", func(i int) string {
		return `{"public_token":"` + toks[i] + `"}`
	}, len(toks)-1, sample)
	if err != nil {
		return rep, err
	}
	res.name = fmt.Sprintf("/item/public_token/exchange (%d tokens)", len(toks)-1)
	rep.results = append(rep.results, res)
	if cfg.binary != "" {
		if err := binaryFigures(ctx, cfg, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
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
	var next, errs int
	var wg sync.WaitGroup
	start := time.Now()
	for range cfg.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if limit > 0 && i >= limit {
					break
				}
				t := time.Now()
				_, err := do(client, url, body(i))
				local = append(local, time.Since(t))
				if err != nil && ctx.Err() == nil {
					mu.Lock()
					errs++
					mu.Unlock()
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
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
	return len(lat), errs, float64(len(lat)) / elapsed.Seconds(), pct(0.50), pct(0.99)
}

// startHealthy execs the binary and waits for its first served request.
func startHealthy(ctx context.Context, bin, fixturesDir string) (*exec.Cmd, string, error) {
	cmd := exec.CommandContext(ctx, bin, "--addr", "127.0.0.1:0", "--fixtures", fixturesDir, "--journal-size", "0")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	url := ""
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "url="); ok {
			url, _, _ = strings.Cut(after, " ")
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	if url == "" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, "", errors.New("the binary did not report its URL")
	}
	resp, err := http.Get(url + "/_emulator/health")
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, "", err
	}
	resp.Body.Close()
	return cmd, url, nil
}

// binaryFigures execs the built binary: start to healthy, idle RSS, and
// RSS once it holds cfg.items Items of about 100 transactions each.
func binaryFigures(ctx context.Context, cfg config, rep *report) error {
	dir, err := os.MkdirTemp("", "plaid-loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// A user whose Items get ~100 transactions (34 a month over 90 days) on one account.
	good := fixtures.Default().User("user_good")
	fx := "users:\n  - username: user_load\n    password: pw\n    history: {kind: generated, per_month: 34}\n    accounts:\n" +
		"      - {name: Plaid Checking, mask: \"0000\", type: depository, subtype: checking, balances: {available: 100, current: 110}, numbers: {ach: {account: \"" +
		good.Accounts[0].Numbers.ACH.Account + "\"}}}\n"
	if err := os.WriteFile(dir+"/load.yaml", []byte(fx), 0o644); err != nil {
		return err
	}
	// Start to healthy: the median of five starts; the last one stays up.
	var cmd *exec.Cmd
	var url string
	var starts []time.Duration
	for i := range 5 {
		start := time.Now()
		cmd, url, err = startHealthy(ctx, cfg.binary, dir)
		if err != nil {
			return err
		}
		starts = append(starts, time.Since(start))
		if i < 4 {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	slices.Sort(starts)
	rep.startup = starts[len(starts)/2]
	rep.idleRSS = rss(cmd.Process.Pid)
	client := newClient(cfg.conns)
	for i := 0; i < cfg.items; i++ {
		pt, err := do(client, url+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_load","override_password":"pw"}}`)
		if err != nil {
			return err
		}
		if _, err := do(client, url+"/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`); err != nil {
			return err
		}
	}
	rep.itemsRSS = rss(cmd.Process.Pid)
	return nil
}

func rss(pid int) float64 {
	data, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
