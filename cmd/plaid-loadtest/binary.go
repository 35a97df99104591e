package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// startHealthy execs the binary and waits for its first served request.
func startHealthy(ctx context.Context, bin, fixturesDir string, extra ...string) (*exec.Cmd, string, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"--addr", "127.0.0.1:0", "--fixtures", fixturesDir, "--journal-size", "0"}, extra...)...)
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

// binFigures are the built binary's figures.
type binFigures struct {
	startup  time.Duration
	idleRSS  float64
	itemsRSS float64
	// with --state
	dbMB     float64       // the database and its log, holding the Items, at rest
	loadedMB float64       // the same right after the load
	restart  time.Duration // after kill -9, to healthy
	restored int           // Items the restarted binary holds
}

// binaryFigures execs the built binary (with a --state database in a
// temporary directory, if state): start to healthy, idle RSS, and RSS once
// it holds cfg.items Items of about 100 transactions each; with state,
// the database's size, then kill -9 and the time to healthy again.
func binaryFigures(ctx context.Context, cfg config, state bool) (binFigures, error) {
	var fig binFigures
	dir, err := os.MkdirTemp("", "plaid-loadtest")
	if err != nil {
		return fig, err
	}
	defer os.RemoveAll(dir)
	var extra []string
	db := filepath.Join(dir, "state.db")
	if state {
		extra = []string{"--state", db}
	}
	// A user whose Items get ~100 transactions (34 a month over 90 days) on one account.
	good := fixtures.Default().User("user_good")
	fx := "users:\n  - username: user_load\n    password: pw\n    history: {kind: generated, per_month: 34}\n    accounts:\n" +
		"      - {name: Plaid Checking, mask: \"0000\", type: depository, subtype: checking, balances: {available: 100, current: 110}, numbers: {ach: {account: \"" +
		good.Accounts[0].Numbers.ACH.Account + "\"}}}\n"
	if err := os.WriteFile(dir+"/load.yaml", []byte(fx), 0o644); err != nil {
		return fig, err
	}
	// Start to healthy: the median of five starts; the last one stays up.
	var cmd *exec.Cmd
	var url string
	var starts []time.Duration
	for i := range 5 {
		_ = os.Remove(db)
		start := time.Now()
		cmd, url, err = startHealthy(ctx, cfg.binary, dir, extra...)
		if err != nil {
			return fig, err
		}
		starts = append(starts, time.Since(start))
		if i < 4 {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	kill := func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	defer func() { kill() }()
	slices.Sort(starts)
	fig.startup = starts[len(starts)/2]
	fig.idleRSS = rss(cmd.Process.Pid)
	client := newClient(cfg.conns)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	var next atomic.Int64
	for range 4 { // 4 connections link the Items
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= cfg.items {
					return
				}
				pt, err := do(client, url+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_load","override_password":"pw"}}`)
				if err == nil {
					_, err = do(client, url+"/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
				}
				if err != nil {
					func() {
						mu.Lock()
						defer mu.Unlock()
						firstErr = cmp.Or(firstErr, err)
					}()
					next.Store(int64(cfg.items))
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return fig, firstErr
	}
	fig.itemsRSS = rss(cmd.Process.Pid)
	if !state {
		return fig, nil
	}
	// The size at rest: once the idle emulator has cleaned its log (polled
	// until it holds for a second, at most 20 s).
	size := func() (n int64) {
		for _, f := range []string{db, db + "-wal"} {
			if fi, err := os.Stat(f); err == nil {
				n += fi.Size()
			}
		}
		return n
	}
	last, since := size(), time.Now()
	fig.loadedMB = float64(last) / 1e6
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && time.Since(since) < time.Second; {
		time.Sleep(100 * time.Millisecond)
		if n := size(); n != last {
			last, since = n, time.Now()
		}
	}
	fig.dbMB = float64(last) / 1e6
	kill() // SIGKILL: no shutdown
	start := time.Now()
	cmd, url, err = startHealthy(ctx, cfg.binary, dir, extra...)
	if err != nil {
		return fig, err
	}
	fig.restart = time.Since(start)
	resp, err := client.Get(url + "/_emulator/health")
	if err != nil {
		return fig, err
	}
	defer resp.Body.Close()
	var health struct{ Items int }
	err = json.NewDecoder(resp.Body).Decode(&health)
	fig.restored = health.Items
	return fig, nil
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
