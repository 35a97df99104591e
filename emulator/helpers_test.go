package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid/plaid-go/v20/plaid"
)

const (
	testClientID = "test_client"
	testSecret   = "test_secret"
)

// env is one emulator behind a real HTTP server, with a client whose every
// exchange is checked against the spec.
type env struct {
	tb     testing.TB
	srv    *emulator.Server
	url    string
	client *http.Client
	spec   *specTransport
}

type envOption func(*emulator.Options)

func withFixtures(s *fixtures.Set) envOption { return func(o *emulator.Options) { o.Fixtures = s } }
func withFrozenClock(t time.Time) envOption {
	return func(o *emulator.Options) { o.StartTime, o.FreezeClock = t, true }
}
func withSeed(seed int64) envOption { return func(o *emulator.Options) { o.Seed = seed } }
func withWebhookTimeout(d time.Duration) envOption {
	return func(o *emulator.Options) { o.WebhookTimeout = d }
}
func withRetry(p emulator.RetryPolicy) envOption {
	return func(o *emulator.Options) { o.WebhookRetry = p }
}

func newEnv(tb testing.TB, opts ...envOption) *env {
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
	st := newSpecTransport(tb)
	return &env{tb: tb, srv: srv, url: hs.URL, client: &http.Client{Transport: st, Timeout: 30 * time.Second}, spec: st}
}

// result is a decoded JSON response.
type result struct {
	status int
	body   map[string]any
	raw    []byte
}

// call POSTs body (any JSON value, or []byte sent as is) to path with the
// default credentials in headers.
func (e *env) call(path string, body any) result {
	e.tb.Helper()
	return e.callAs(testClientID, testSecret, path, body)
}

func (e *env) callAs(clientID, secret, path string, body any) result {
	e.tb.Helper()
	h := http.Header{"Content-Type": {"application/json"}}
	if clientID != "" {
		h.Set("PLAID-CLIENT-ID", clientID)
	}
	if secret != "" {
		h.Set("PLAID-SECRET", secret)
	}
	return e.do(http.MethodPost, path, h, body)
}

func (e *env) do(method, path string, h http.Header, body any) result {
	e.tb.Helper()
	var b []byte
	switch v := body.(type) {
	case []byte:
		b = v
	case nil:
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			e.tb.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(b))
	if err != nil {
		e.tb.Fatal(err)
	}
	req.Header = h
	resp, err := e.client.Do(req)
	if err != nil {
		e.tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, raw: raw}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		e.tb.Fatalf("%s %s: response is not a JSON object: %v\n%s", method, path, err, raw)
	}
	return r
}

// ok asserts a 200 and returns the body.
func (r result) ok(tb testing.TB) map[string]any {
	tb.Helper()
	if r.status != http.StatusOK {
		tb.Fatalf("want 200, got %d: %s", r.status, r.raw)
	}
	if id, _ := r.body["request_id"].(string); len(id) != 15 {
		tb.Fatalf("request_id %q is not 15 characters", id)
	}
	return r.body
}

// plaidErr asserts an error response with status, type and code, and every
// key of Plaid's error object.
func (r result) plaidErr(tb testing.TB, status int, errType, code string) map[string]any {
	tb.Helper()
	if r.status != status {
		tb.Fatalf("want %d %s, got %d: %s", status, code, r.status, r.raw)
	}
	for _, k := range []string{"error_type", "error_code", "error_message", "display_message", "request_id", "documentation_url", "suggested_action"} {
		if _, ok := r.body[k]; !ok {
			tb.Fatalf("error body lacks %q: %s", k, r.raw)
		}
	}
	if r.body["error_type"] != errType || r.body["error_code"] != code {
		tb.Fatalf("want %s/%s, got %v/%v: %s", errType, code, r.body["error_type"], r.body["error_code"], r.raw)
	}
	return r.body
}

// item is a linked test Item.
type item struct {
	accessToken string
	itemID      string
}

// link creates an Item through the sandbox shortcut and exchanges it.
func (e *env) link(institutionID string, products []string, options map[string]any) item {
	e.tb.Helper()
	body := map[string]any{"institution_id": institutionID, "initial_products": products}
	if options != nil {
		body["options"] = options
	}
	pt := e.call("/sandbox/public_token/create", body).ok(e.tb)["public_token"].(string)
	ex := e.call("/item/public_token/exchange", map[string]any{"public_token": pt}).ok(e.tb)
	return item{accessToken: ex["access_token"].(string), itemID: ex["item_id"].(string)}
}

// plaidClient is plaid-go pointed at the emulator through the spec check.
func (e *env) plaidClient() *plaid.APIClient {
	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", testClientID)
	cfg.AddDefaultHeader("PLAID-SECRET", testSecret)
	cfg.UseEnvironment(plaid.Environment(e.url))
	cfg.HTTPClient = e.client
	return plaid.NewAPIClient(cfg)
}

func list(v any) []any         { l, _ := v.([]any); return l }
func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// defaultsWithClients is the default world restricted to two clients.
func defaultsWithClients() *fixtures.Set {
	return fixtures.Merge(fixtures.Default(), &fixtures.Set{Clients: []fixtures.Client{
		{ClientID: "acme", Secret: "acme-secret"}, {ClientID: "globex", Secret: "globex-secret"}}})
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func readAll(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// send posts body as it is to path with the test client's keys through hc
// (e.client checks the exchange against the spec; http.DefaultClient does
// not), and returns the answer with its body read: for what is no JSON
// object (a PDF) or what the spec would refuse (a null body).
func (e *env) send(hc *http.Client, path string, body []byte) (*http.Response, []byte) {
	e.tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, bytes.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
	resp, err := hc.Do(req)
	if err != nil {
		e.tb.Fatalf("%s: %v", path, err)
	}
	raw, _ := readAll(resp)
	return resp, raw
}

// post sends body (JSON) to path through the spec check, and decodes the
// answer when it is JSON (a PDF is not).
func (e *env) post(path string, body any) (int, map[string]any) {
	e.tb.Helper()
	resp, raw := e.send(e.client, path, mustJSON(body))
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}
