package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// startEmulator serves a fresh emulator on a free loopback port.
func startEmulator(t *testing.T) string {
	t.Helper()
	srv, err := emulator.New(emulator.Options{Fixtures: fixtures.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv.URL()
}

// plaidCall is a Plaid call as client "cli".
func plaidCall(t *testing.T, base, path string, body map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(string(b)))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"cli"}, "Plaid-Secret": {"s"}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode/100 != 2 { // /user/create answers 201
		t.Fatalf("%s: %d %v", path, resp.StatusCode, out)
	}
	return out
}

// receiver records webhooks; verify, when set, checks each one's JWT.
type receiver struct {
	mu     sync.Mutex
	got    []map[string]any
	bad    []string
	verify func(r *http.Request, body []byte) error
}

func (rv *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if rv.verify != nil {
		if err := rv.verify(r, body); err != nil {
			rv.bad = append(rv.bad, err.Error())
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
	}
	rv.got = append(rv.got, m)
}

func (rv *receiver) has(typ, code string) bool {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	for _, m := range rv.got {
		if m["webhook_type"] == typ && m["webhook_code"] == code {
			return true
		}
	}
	return false
}

func (rv *receiver) count() int { rv.mu.Lock(); defer rv.mu.Unlock(); return len(rv.got) }

// listen forwards 100 webhooks to a receiver that verifies every JWT
// against the emulator's verification key, body hash included.
func TestListenForwards100VerifiedWebhooks(t *testing.T) {
	base := startEmulator(t)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})) // the Item's own webhook URL
	defer app.Close()
	rv := &receiver{}
	rv.verify = func(r *http.Request, body []byte) error {
		return verifyJWT(base, r.Header.Get("Plaid-Verification"), body)
	}
	fwd := httptest.NewServer(rv)
	defer fwd.Close()
	item := newItem(t, base, app.URL)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"listen", "--forward-to", fwd.URL, "--count", "100", "--events", "DEFAULT_UPDATE", "--url", base}, noEnv, &out, &out)
	}()
	waitFor(t, func() string {
		if strings.Contains(out.String(), "listening to") {
			return "ok"
		}
		return ""
	})
	for range 100 {
		var body struct {
			Status int `json:"status"`
		}
		b, _ := json.Marshal(map[string]any{"path": "/sandbox/item/fire_webhook", "body": map[string]any{"webhook_code": "DEFAULT_UPDATE"}})
		resp, err := http.Post(base+"/_emulator/items/"+item+"/call", "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if body.Status != 200 {
			t.Fatalf("fire_webhook: %d", body.Status)
		}
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("listen exit %d: %s", code, out.String())
		}
	case <-ctx.Done():
		t.Fatalf("listen forwarded %d of 100 in a minute", rv.count())
	}
	if rv.count() != 100 || len(rv.bad) > 0 {
		t.Fatalf("%d verified, refused: %v", rv.count(), rv.bad)
	}
	if n := strings.Count(out.String(), "→ 200"); n != 100 {
		t.Fatalf("%d lines with the receiver's 200:\n%s", n, out.String())
	}
}

// verifyJWT checks a Plaid-Verification header as Plaid's docs say: ES256,
// the key by kid from /webhook_verification_key/get, iat within 5 min,
// and the body's SHA-256.
func verifyJWT(base, header string, body []byte) error {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(header, claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		b, _ := json.Marshal(map[string]string{"key_id": kid})
		req, _ := http.NewRequest(http.MethodPost, base+"/webhook_verification_key/get", strings.NewReader(string(b)))
		req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"cli"}, "Plaid-Secret": {"s"}}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var k struct {
			Key struct{ X, Y string } `json:"key"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&k); err != nil {
			return nil, err
		}
		x, _ := base64.RawURLEncoding.DecodeString(k.Key.X)
		y, _ := base64.RawURLEncoding.DecodeString(k.Key.Y)
		return &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}, nil
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithIssuedAt())
	if err != nil {
		return err
	}
	iat, _ := claims.GetIssuedAt()
	if iat == nil || time.Since(iat.Time) > 5*time.Minute {
		return fmt.Errorf("iat %v", iat)
	}
	if sum := sha256.Sum256(body); claims["request_body_sha256"] != fmt.Sprintf("%x", sum) {
		return fmt.Errorf("body hash %v differs", claims["request_body_sha256"])
	}
	return nil
}

// --help works on the binary and on every subcommand, printing flags.
func TestHelpEverywhere(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"serve", "--help"}, {"validate", "-h"}, {"healthcheck", "--help"},
		{"listen", "--help"}, {"trigger", "--help"}, {"items", "--help"}, {"webhooks", "--help"}, {"requests", "--help"},
		{"clock", "--help"}, {"scenario", "--help"}, {"reset", "--help"}} {
		var out syncBuffer
		code := run(context.Background(), args, noEnv, &out, &out)
		want := "-url"
		switch args[0] {
		case "--help", "help":
			want = "commands that talk to a running one"
		case "serve", "validate", "healthcheck":
			want = "-addr"
		}
		if code != 0 || !strings.Contains(out.String(), "usage:") || !strings.Contains(out.String(), want) || strings.Contains(out.String(), "help requested") {
			t.Errorf("%v: exit %d\n%s", args, code, out.String())
		}
	}
}

// The client commands against a live emulator: items, webhooks, requests,
// clock, scenario, reset.
func TestClientCommands(t *testing.T) {
	base := startEmulator(t)
	rv := &receiver{}
	hook := httptest.NewServer(rv)
	defer hook.Close()
	item := newItem(t, base, hook.URL)
	cli := func(args ...string) string {
		t.Helper()
		var out syncBuffer
		if code := run(context.Background(), append(args, "--url", base), noEnv, &out, &out); code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, out.String())
		}
		return out.String()
	}
	if out := cli("items"); !strings.Contains(out, item) || !strings.Contains(out, "First Platypus Bank") || !strings.HasPrefix(out, "ITEM_ID") {
		t.Fatalf("items:\n%s", out)
	}
	if out := cli("items", "--q", "nothing-like-this"); strings.Contains(out, item) {
		t.Fatalf("items --q filtered nothing:\n%s", out)
	}
	cli("trigger", "item.login_required", "--item", item)
	waitFor(t, func() string {
		if rv.has("ITEM", "ERROR") {
			return "ok"
		}
		return ""
	})
	if out := cli("items", "--json"); !strings.Contains(out, `"status": "ITEM_LOGIN_REQUIRED"`) {
		t.Fatalf("items --json after login_required:\n%s", out)
	}
	if out := cli("webhooks", "--item-id", item); !strings.Contains(out, "ERROR") {
		t.Fatalf("webhooks:\n%s", out)
	}
	if out := cli("requests", "--path", "/sandbox/item/reset_login"); !strings.Contains(out, "/sandbox/item/reset_login") || !strings.Contains(out, item) {
		t.Fatalf("requests:\n%s", out)
	}
	before := cli("clock", "freeze")
	after := cli("clock", "advance", "24h")
	if !strings.Contains(before, "frozen") || before == after {
		t.Fatalf("clock: %s → %s", before, after)
	}
	b, _ := time.Parse(time.RFC3339, strings.Fields(strings.Split(before, "\n")[1])[0])
	a, _ := time.Parse(time.RFC3339, strings.Fields(strings.Split(after, "\n")[1])[0])
	if a.Sub(b) != 24*time.Hour {
		t.Fatalf("advance 24h moved the clock %v", a.Sub(b))
	}
	cli("scenario", "on", "institution-down")
	if out := cli("scenario", "list"); !strings.Contains(out, "institution-down") {
		t.Fatalf("scenario list:\n%s", out)
	}
	cli("scenario", "off", "institution-down")
	cli("reset", "--client", "someone-else")
	if out := cli("items"); !strings.Contains(out, item) {
		t.Fatalf("reset --client of another client removed this one's Item:\n%s", out)
	}
	dir := t.TempDir()
	good, badFile := filepath.Join(dir, "ci.yaml"), filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("institutions:\n  - institution_id: ins_cli\n    name: CLI Bank\n    products: [auth]\n    country_codes: [US]\n"), 0o644)
	os.WriteFile(badFile, []byte("institutions:\n  - institution_id: ins_cli2\n    nam: x\n"), 0o644)
	if out := cli("fixtures", "load", good); !strings.Contains(out, "loaded 1 institutions") {
		t.Fatalf("fixtures load:\n%s", out)
	}
	var refused syncBuffer
	if code := run(context.Background(), []string{"fixtures", "load", badFile, "--url", base}, noEnv, &refused, &refused); code != 1 ||
		!strings.Contains(refused.String(), "bad.yaml:3: nam: unknown field") {
		t.Fatalf("fixtures load of a bad file: exit %d %s", code, refused.String())
	}
	if out := cli("snapshot", "save", "base"); !strings.Contains(out, "snapshot base saved: 1 Item,") {
		t.Fatalf("snapshot save:\n%s", out)
	}
	cli("reset")
	if out := cli("items"); strings.Contains(out, item) {
		t.Fatalf("items after reset:\n%s", out)
	}
	if out := cli("snapshot", "list"); !strings.HasPrefix(out, "NAME") || !strings.Contains(out, "base") {
		t.Fatalf("snapshot list (a reset keeps snapshots):\n%s", out)
	}
	cli("snapshot", "restore", "base")
	if out := cli("items"); !strings.Contains(out, item) {
		t.Fatalf("items after snapshot restore base:\n%s", out)
	}
	if out := cli("snapshot", "delete", "base"); !strings.Contains(out, "deleted") {
		t.Fatalf("snapshot delete:\n%s", out)
	}
	var bad syncBuffer
	if code := run(context.Background(), []string{"snapshot", "restore", "base", "--url", base}, noEnv, &bad, &bad); code != 1 || !strings.Contains(bad.String(), "no snapshot by that name") {
		t.Fatalf("restore of a deleted snapshot: exit %d %s", code, bad.String())
	}
	var out syncBuffer
	if code := run(context.Background(), []string{"items", "--url", "http://127.0.0.1:1"}, noEnv, &out, &out); code != 1 || !strings.Contains(out.String(), "cannot reach") {
		t.Fatalf("no emulator: exit %d %s", code, out.String())
	}
}

// Boolean env twins take 1, 0, true and false.
func TestBooleanTwins(t *testing.T) {
	for v, want := range map[string]bool{"1": true, "true": true, "TRUE": true, "0": false, "false": false, "": false} {
		cfg, err := loadConfig(nil, func(k string) string {
			return map[string]string{"PLAID_EMULATOR_FREEZE_CLOCK": v, "PLAID_EMULATOR_PROGRAM_API": v}[k]
		})
		if err != nil || cfg.freezeClock != want || cfg.programAPI != want {
			t.Errorf("%q: freeze %v, program API %v, %v; want %v", v, cfg.freezeClock, cfg.programAPI, err, want)
		}
	}
	cfg, err := loadConfig(nil, func(k string) string { return map[string]string{"PLAID_EMULATOR_ITEM_AGEING": "0"}[k] })
	if err != nil || !cfg.noAgeing {
		t.Fatalf("ITEM_AGEING=0: %v %v", cfg.noAgeing, err)
	}
}
