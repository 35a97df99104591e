// Package plaidtest gives any package's tests a started emulator, clients
// whose every exchange is checked against Plaid's OpenAPI spec, webhook
// receivers that verify what they get as Plaid tells integrators to, and
// the check that every Plaid path a package owns had a 200 validated
// (Main). Tests only: nothing outside _test files imports it.
package plaidtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid/plaid-go/v20/plaid"
)

const (
	ClientID = "test_client"
	Secret   = "test_secret"
)

// Env is one emulator behind a real HTTP server, with a client whose every
// exchange is checked against the spec.
type Env struct {
	TB     testing.TB
	Srv    *emulator.Server
	URL    string
	Client *http.Client
	Spec   *SpecTransport
}

// Option sets an emulator option for New.
type Option func(*emulator.Options)

// WithFixtures serves s.
func WithFixtures(s *fixtures.Set) Option { return func(o *emulator.Options) { o.Fixtures = s } }

// WithFrozenClock starts the clock at t, frozen.
func WithFrozenClock(t time.Time) Option {
	return func(o *emulator.Options) { o.StartTime, o.FreezeClock = t, true }
}

// WithSeed sets the seed.
func WithSeed(seed int64) Option { return func(o *emulator.Options) { o.Seed = seed } }

// WithWebhookTimeout bounds one delivery attempt.
func WithWebhookTimeout(d time.Duration) Option {
	return func(o *emulator.Options) { o.WebhookTimeout = d }
}

// WithRetry sets the webhook retry policy.
func WithRetry(p emulator.RetryPolicy) Option {
	return func(o *emulator.Options) { o.WebhookRetry = p }
}

// New starts an emulator behind a real HTTP server, closed when the test ends.
func New(tb testing.TB, opts ...Option) *Env {
	tb.Helper()
	var o emulator.Options
	for _, f := range opts {
		f(&o)
	}
	srv, err := emulator.New(o)
	if err != nil {
		tb.Fatalf("emulator.New: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() {
		hs.Close()
		_ = srv.Close() // drains webhooks
	})
	st := NewSpecTransport(tb)
	return &Env{TB: tb, Srv: srv, URL: hs.URL, Client: &http.Client{Transport: st, Timeout: 30 * time.Second}, Spec: st}
}

// Result is a decoded JSON response.
type Result struct {
	Status int
	Body   map[string]any
	Raw    []byte
}

// Call POSTs body (any JSON value, or []byte sent as is) to path with the
// default credentials in headers.
func (e *Env) Call(path string, body any) Result {
	e.TB.Helper()
	return e.CallAs(ClientID, Secret, path, body)
}

// CallAs is Call with other credentials (none when empty).
func (e *Env) CallAs(clientID, secret, path string, body any) Result {
	e.TB.Helper()
	h := http.Header{"Content-Type": {"application/json"}}
	if clientID != "" {
		h.Set("PLAID-CLIENT-ID", clientID)
	}
	if secret != "" {
		h.Set("PLAID-SECRET", secret)
	}
	return e.Do(http.MethodPost, path, h, body)
}

// Do sends body (JSON, or []byte as is) with headers h and decodes a JSON object answer.
func (e *Env) Do(method, path string, h http.Header, body any) Result {
	e.TB.Helper()
	var b []byte
	switch v := body.(type) {
	case []byte:
		b = v
	case nil:
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			e.TB.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, e.URL+path, bytes.NewReader(b))
	if err != nil {
		e.TB.Fatal(err)
	}
	req.Header = h
	resp, err := e.Client.Do(req)
	if err != nil {
		e.TB.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := Result{Status: resp.StatusCode, Raw: raw}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		e.TB.Fatalf("%s %s: response is not a JSON object: %v\n%s", method, path, err, raw)
	}
	return r
}

// OK asserts a 200 and returns the body.
func (r Result) OK(tb testing.TB) map[string]any {
	tb.Helper()
	if r.Status != http.StatusOK {
		tb.Fatalf("want 200, got %d: %s", r.Status, r.Raw)
	}
	if id, _ := r.Body["request_id"].(string); len(id) != 15 {
		tb.Fatalf("request_id %q is not 15 characters", id)
	}
	return r.Body
}

// PlaidErr asserts an error response with status, type and code, and every
// key of Plaid's error object.
func (r Result) PlaidErr(tb testing.TB, status int, errType, code string) map[string]any {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("want %d %s, got %d: %s", status, code, r.Status, r.Raw)
	}
	for _, k := range []string{"error_type", "error_code", "error_message", "display_message", "request_id", "documentation_url", "suggested_action"} {
		if _, ok := r.Body[k]; !ok {
			tb.Fatalf("error body lacks %q: %s", k, r.Raw)
		}
	}
	if r.Body["error_type"] != errType || r.Body["error_code"] != code {
		tb.Fatalf("want %s/%s, got %v/%v: %s", errType, code, r.Body["error_type"], r.Body["error_code"], r.Raw)
	}
	return r.Body
}

// Item is a linked test Item.
type Item struct {
	AccessToken string
	ItemID      string
}

// Link creates an Item through the sandbox shortcut and exchanges it.
func (e *Env) Link(institutionID string, products []string, options map[string]any) Item {
	e.TB.Helper()
	body := map[string]any{"institution_id": institutionID, "initial_products": products}
	if options != nil {
		body["options"] = options
	}
	pt := e.Call("/sandbox/public_token/create", body).OK(e.TB)["public_token"].(string)
	ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt}).OK(e.TB)
	return Item{AccessToken: ex["access_token"].(string), ItemID: ex["item_id"].(string)}
}

// PlaidClient is plaid-go pointed at the emulator through the spec check.
func (e *Env) PlaidClient() *plaid.APIClient {
	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", ClientID)
	cfg.AddDefaultHeader("PLAID-SECRET", Secret)
	cfg.UseEnvironment(plaid.Environment(e.URL))
	cfg.HTTPClient = e.Client
	return plaid.NewAPIClient(cfg)
}

// List and Obj read a decoded JSON array and object (nil when v is not one).
func List(v any) []any         { l, _ := v.([]any); return l }
func Obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// MustJSON encodes v.
func MustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// DefaultsWithClients is the default world restricted to two clients.
func DefaultsWithClients() *fixtures.Set {
	return fixtures.Merge(fixtures.Default(), &fixtures.Set{Clients: []fixtures.Client{
		{ClientID: "acme", Secret: "acme-secret"}, {ClientID: "globex", Secret: "globex-secret"}}})
}

// ReadAll reads and closes an answer's body.
func ReadAll(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Send posts body as it is to path with the test client's keys through hc
// (e.Client checks the exchange against the spec; http.DefaultClient does
// not), and returns the answer with its body read: for what is no JSON
// object (a PDF) or what the spec would refuse (a null body).
func (e *Env) Send(hc *http.Client, path string, body []byte) (*http.Response, []byte) {
	e.TB.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.URL+path, bytes.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {ClientID}, "Plaid-Secret": {Secret}}
	resp, err := hc.Do(req)
	if err != nil {
		e.TB.Fatalf("%s: %v", path, err)
	}
	raw, _ := ReadAll(resp)
	return resp, raw
}

// Post sends body (JSON) to path through the spec check, and decodes the
// answer when it is JSON (a PDF is not).
func (e *Env) Post(path string, body any) (int, map[string]any) {
	e.TB.Helper()
	resp, raw := e.Send(e.Client, path, MustJSON(body))
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// WithFixtureDir serves the default fixtures with the files of dir (a
// test's testdata) laid over them; a folder that does not load panics.
func WithFixtureDir(dir string) Option {
	over, err := fixtures.Load(os.DirFS(dir))
	if err != nil {
		panic(fmt.Sprintf("plaidtest: fixtures in %s: %v", dir, err))
	}
	return WithFixtures(fixtures.Merge(fixtures.Default(), over))
}

// Repo is path in this repository, from a test's folder wherever it is
// (the repository's shared testdata, its docs).
func Repo(path string) string {
	dir, err := os.Getwd()
	for err == nil {
		if _, serr := os.Stat(filepath.Join(dir, "go.mod")); serr == nil {
			if b, rerr := os.ReadFile(filepath.Join(dir, "go.mod")); rerr == nil && strings.HasPrefix(string(b), "module github.com/plaid-emulator/plaid-emulator\n") {
				return filepath.Join(dir, path)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	panic("plaidtest: not inside the plaid-emulator repository")
}
