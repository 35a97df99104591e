package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c config) bool {
			return c.command == "serve" && c.addr == "127.0.0.1:7777" && c.seed == 0 && c.logFormat == "text" // no seed: ids differ per run
		}, ""},
		{"flags", []string{"serve", "--addr", ":0", "--seed", "7", "--log-format", "json", "--log-level", "debug"}, nil,
			func(c config) bool {
				return c.addr == ":0" && c.seed == 7 && c.logFormat == "json" && c.logLevel.String() == "DEBUG"
			}, ""},
		{"env twins", nil, map[string]string{"PLAID_EMULATOR_ADDR": "0.0.0.0:9", "PLAID_EMULATOR_SEED": "9", "PLAID_EMULATOR_FIXTURES": "/f"},
			func(c config) bool { return c.addr == "0.0.0.0:9" && c.seed == 9 && c.fixturesDir == "/f" }, ""},
		{"flag beats env", []string{"--seed", "5"}, map[string]string{"PLAID_EMULATOR_SEED": "9"}, func(c config) bool { return c.seed == 5 }, ""},
		{"zero seed", []string{"--seed", "0"}, nil, nil, "non-zero"},
		{"journal bytes", []string{"--journal-bytes", "512KiB"}, nil, func(c config) bool { return c.journalBytes == 512<<10 }, ""},
		{"journal bytes default", nil, nil, func(c config) bool { return c.journalBytes == 64<<20 }, ""},
		{"journal bytes env", nil, map[string]string{"PLAID_EMULATOR_JOURNAL_BYTES": "1000"}, func(c config) bool { return c.journalBytes == 1000 }, ""},
		{"bad journal bytes", []string{"--journal-bytes", "lots"}, nil, nil, "journal-bytes"},
		{"webhook log size", []string{"--webhook-log-size", "50"}, nil, func(c config) bool { return c.webhookLog == 50 }, ""},
		{"shutdown timeout", []string{"--shutdown-timeout", "2s"}, nil, func(c config) bool { return c.shutdownTO == 2*time.Second }, ""},
		{"shutdown timeout default", nil, nil, func(c config) bool { return c.shutdownTO == 5*time.Second }, ""},
		{"bad shutdown timeout", []string{"--shutdown-timeout", "soon"}, nil, nil, "shutdown-timeout"},
		{"bad webhook log size", []string{"--webhook-log-size", "0"}, nil, nil, "webhook-log-size"},
		{"bad format", []string{"--log-format", "xml"}, nil, nil, "text or json"},
		{"bad level", []string{"--log-level", "loud"}, nil, nil, "log-level"},
		{"unknown command", []string{"launch"}, nil, nil, "unknown command"},
		{"misspelt command", []string{"itmes"}, nil, nil, "did you mean items?); the commands are clock, fixtures, healthcheck, items, listen, requests, reset, scenario, serve, snapshot, trigger, validate, version, webhooks"},
		{"port flag", []string{"--port", "7777"}, nil, nil, "--addr 127.0.0.1:7777"},
		{"unknown flag", []string{"--colour"}, nil, nil, "unknown flag -colour: plaid-emulator serve --help lists the flags"},
		{"stream clients", []string{"--stream-clients", "4", "--stream-write-timeout", "2s"}, nil,
			func(c config) bool { return c.streamClients == 4 && c.streamWriteTO == 2*time.Second }, ""},
		{"bad stream clients", []string{"--stream-clients", "0"}, nil, nil, "stream-clients"},
		{"validate needs dir", []string{"validate"}, nil, nil, "usage"},
		{"validate dir", []string{"validate", "x"}, nil, func(c config) bool { return c.command == "validate" && c.args[0] == "x" }, ""},
		{"webhook flags", []string{"--webhook-retry", "real", "--webhook-timeout", "3s", "--webhook-key", "/k.pem"}, nil,
			func(c config) bool {
				return c.retry.Factor == 4 && c.webhookTO == 3*time.Second && c.webhookKey == "/k.pem"
			}, ""},
		{"webhook defaults", nil, nil, func(c config) bool { return c.retry.Attempts == 5 && c.webhookTO == 10*time.Second }, ""},
		{"program api", []string{"--program-api", "--transactions-ready-after", "2s"}, nil,
			func(c config) bool { return c.programAPI && c.txReady == 2*time.Second }, ""},
		{"first-sync delay default", nil, nil, func(c config) bool { return c.txReady == time.Second }, ""},
		{"first-sync delay frozen", []string{"--freeze-clock"}, nil, func(c config) bool { return c.txReady == 0 }, ""},
		{"first-sync delay frozen but set", []string{"--freeze-clock", "--transactions-ready-after", "3s"}, nil, func(c config) bool { return c.txReady == 3*time.Second }, ""},
		{"instant mode", []string{"--transactions-ready-after", "0"}, nil, func(c config) bool { return c.txReady == 0 }, ""},
		{"program api env", nil, map[string]string{"PLAID_EMULATOR_PROGRAM_API": "true"}, func(c config) bool { return c.programAPI }, ""},
		{"chaos flags", []string{"--scenarios", "/s", "--rate-limits", "sandbox", "--journal-size", "50", "--item-ageing", "false"}, nil,
			func(c config) bool {
				return c.scenarioDir == "/s" && c.rateLimits == "sandbox" && c.journalSize == 50 && c.noAgeing
			}, ""},
		{"bad rate limits", []string{"--rate-limits", "some"}, nil, nil, "rate-limits"},
		{"validate scenarios only", []string{"validate", "--scenarios", "/s"}, nil, func(c config) bool { return c.scenarioDir == "/s" }, ""},
		{"bad retry", []string{"--webhook-retry", "sometimes"}, nil, nil, "must be fast, real or"},
		{"retry policy", []string{"--webhook-retry", "attempts=20,delay=2s,factor=1.5,max=1h"}, nil,
			func(c config) bool {
				return c.retry.Attempts == 20 && c.retry.Delay == 2*time.Second && c.retry.Factor == 1.5 && c.retry.MaxElapsed == time.Hour
			}, ""},
		{"retry policy without an end", []string{"--webhook-retry", "delay=2s"}, nil, nil, "attempts=N"},
		{"retry policy absurd", []string{"--webhook-retry", "attempts=5,delay=1ns"}, nil, nil, "attempts=N"},
		{"bad timeout", []string{"--webhook-timeout", "soon"}, nil, nil, "webhook-timeout"},
		{"dashboard webhook", []string{"--webhook-url-default", "http://127.0.0.1:8001/hook"}, nil,
			func(c config) bool { return c.webhookURL == "http://127.0.0.1:8001/hook" }, ""},
		{"bad dashboard webhook", []string{"--webhook-url-default", "ftp://x"}, nil, nil, "webhook-url-default must be an http(s) URL"},
		{"start time", []string{"--start-time", "2026-01-01T00:00:00Z", "--freeze-clock"}, nil,
			func(c config) bool { return c.startTime.Year() == 2026 && c.freezeClock }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := loadConfig(tc.args, env(tc.env))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(c) {
				t.Fatalf("config = %+v, err = %v", c, err)
			}
		})
	}
}

func TestValidateCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"validate", "../../testdata/fixtures/valid"}, noEnv, &out, &errOut); code != 0 {
		t.Fatalf("valid dir: exit %d: %s", code, errOut.String())
	}
	out.Reset()
	errOut.Reset()
	code := run(context.Background(), []string{"validate", "../../testdata/fixtures/invalid"}, noEnv, &out, &errOut)
	if code != 1 || !regexp.MustCompile(`(?m)^\.\./\.\./testdata/fixtures/invalid/bad\.yaml:5: users\[0\]\.accounts\[0\]\.type: `).MatchString(errOut.String()) {
		t.Fatalf("invalid dir: exit %d, output:\n%s", code, errOut.String())
	}
}

func TestValidateScenarios(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"validate", "--scenarios", "../../testdata/scenarios/valid"}, noEnv, &out, &errOut); code != 0 {
		t.Fatalf("valid scenarios: exit %d: %s", code, errOut.String())
	}
	errOut.Reset()
	code := run(context.Background(), []string{"validate", "--scenarios", "../../testdata/scenarios/invalid"}, noEnv, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "invalid/bad.yaml:6: scenarios[0].rules[0].effect.error.code:") {
		t.Fatalf("invalid scenarios: exit %d: %s", code, errOut.String())
	}
}

func TestServeOnFreePortAndShutDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--fixtures", "../../testdata/fixtures/valid"}, noEnv, logs, logs)
	}()
	url := waitFor(t, func() string {
		m := regexp.MustCompile(`url=(http://\S+)`).FindStringSubmatch(logs.String())
		if m == nil {
			return ""
		}
		return m[1]
	})
	resp, err := http.Get(url + "/_emulator/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	resp.Body.Close()
	// The fixture directory's institution is served.
	req, _ := http.NewRequest(http.MethodPost, url+"/institutions/get_by_id", strings.NewReader(`{"institution_id":"ins_custom_1","country_codes":["US"]}`))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"alice_app"}, "Plaid-Secret": {"alice_secret"}}
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("custom institution: %v %v", resp, err)
	}
	if code := run(context.Background(), []string{"healthcheck", "--addr", strings.TrimPrefix(url, "http://")}, noEnv, logs, logs); code != 0 {
		t.Fatalf("healthcheck exit %d", code)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, logs.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown within 5 s")
	}
	if code := run(context.Background(), []string{"healthcheck", "--addr", strings.TrimPrefix(url, "http://")}, noEnv, logs, logs); code != 1 {
		t.Fatalf("healthcheck against a stopped server: exit %d", code)
	}
}

func TestBusyPortIsAnError(t *testing.T) {
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, noEnv, logs, logs) }()
	url := waitFor(t, func() string {
		m := regexp.MustCompile(`url=http://(\S+)`).FindStringSubmatch(logs.String())
		if m == nil {
			return ""
		}
		return m[1]
	})
	var errOut syncBuffer
	if code := run(context.Background(), []string{"--addr", url}, noEnv, &errOut, &errOut); code != 1 || !strings.Contains(errOut.String(), "listen") {
		t.Fatalf("second listen: exit %d, %s", code, errOut.String())
	}
	cancel()
	<-done
}

func noEnv(string) string { return "" }

// waitFor polls cond until it returns non-empty, with a deadline.
func waitFor(t *testing.T, cond func() string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if v := cond(); v != "" {
			return v
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("condition not met within 10 s")
	return ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestUnreadableFixturesSayWhy: --fixtures names a missing directory, a
// file given for a directory, and an unreadable file with what to do about
// the image's user, instead of the file system's bare error.
func TestUnreadableFixturesSayWhy(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "users.yaml")
	if err := os.WriteFile(file, []byte("users: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]string{dir + "/nope": "no such directory", file: "is a file"} {
		if _, err := loadFixtures(d); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--fixtures %s: %v, want %q", d, err, want)
		}
	}
	if _, err := loadFixtures(dir); err != nil {
		t.Fatalf("a readable directory: %v", err)
	}
	if err := os.Chmod(file, 0); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if _, err := loadFixtures(dir); err == nil || !strings.Contains(err.Error(), "uid 65532") {
			t.Errorf("an unreadable file: %v", err)
		}
		return
	}
	// Root reads anything: the binary runs as nobody, as the image's user would.
	bin := buildBinary(t)
	for _, d := range []string{dir, filepath.Dir(dir), filepath.Dir(bin)} { // the test's own folders are 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "validate", dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "cannot be read (the image runs as uid 65532") {
		t.Errorf("an unreadable file, as nobody: %v %s", err, out)
	}
}
