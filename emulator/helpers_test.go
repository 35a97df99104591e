package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// The emulator package's tests reach plaidtest (any package's started
// emulator, spec-checking client and webhook receiver) through these short
// names; the product packages' tests use plaidtest itself.

const (
	testClientID = plaidtest.ClientID
	testSecret   = plaidtest.Secret
)

// env is plaidtest.Env with its parts at hand.
type env struct {
	*plaidtest.Env
	tb     testing.TB
	srv    *emulator.Server
	url    string
	client *http.Client
	spec   *plaidtest.SpecTransport
}

type envOption = plaidtest.Option

var (
	withFixtures        = plaidtest.WithFixtures
	withFrozenClock     = plaidtest.WithFrozenClock
	withSeed            = plaidtest.WithSeed
	withWebhookTimeout  = plaidtest.WithWebhookTimeout
	withRetry           = plaidtest.WithRetry
	list                = plaidtest.List
	obj                 = plaidtest.Obj
	mustJSON            = plaidtest.MustJSON
	defaultsWithClients = plaidtest.DefaultsWithClients
	readAll             = plaidtest.ReadAll
	must                = plaidtest.Must
	toStrings           = plaidtest.Strings
	newSpecTransport    = plaidtest.NewSpecTransport
	loadSpec            = plaidtest.LoadSpec
)

func newEnv(tb testing.TB, opts ...envOption) *env {
	tb.Helper()
	p := plaidtest.New(tb, opts...)
	return &env{Env: p, tb: tb, srv: p.Srv, url: p.URL, client: p.Client, spec: p.Spec}
}

// result is plaidtest.Result.
type result struct {
	status int
	body   map[string]any
	raw    []byte
}

func resultOf(r plaidtest.Result) result { return result{r.Status, r.Body, r.Raw} }

func (r result) of() plaidtest.Result {
	return plaidtest.Result{Status: r.status, Body: r.body, Raw: r.raw}
}

func (e *env) call(path string, body any) result { e.tb.Helper(); return resultOf(e.Call(path, body)) }

func (e *env) callAs(clientID, secret, path string, body any) result {
	e.tb.Helper()
	return resultOf(e.CallAs(clientID, secret, path, body))
}

func (e *env) do(method, path string, h http.Header, body any) result {
	e.tb.Helper()
	return resultOf(e.Do(method, path, h, body))
}

func (r result) ok(tb testing.TB) map[string]any { tb.Helper(); return r.of().OK(tb) }

func (r result) plaidErr(tb testing.TB, status int, errType, code string) map[string]any {
	tb.Helper()
	return r.of().PlaidErr(tb, status, errType, code)
}

// item is plaidtest.Item.
type item struct {
	accessToken string
	itemID      string
}

func (e *env) link(institutionID string, products []string, options map[string]any) item {
	e.tb.Helper()
	it := e.Link(institutionID, products, options)
	return item{it.AccessToken, it.ItemID}
}

func (e *env) plaidClient() *plaid.APIClient { return e.PlaidClient() }

func (e *env) send(hc *http.Client, path string, body []byte) (*http.Response, []byte) {
	e.tb.Helper()
	return e.Send(hc, path, body)
}

func (e *env) post(path string, body any) (int, map[string]any) {
	e.tb.Helper()
	return e.Post(path, body)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// receiver is plaidtest.Receiver.
type receiver struct {
	*plaidtest.Receiver
	url string
	srv *httptest.Server
}

func newReceiver(e *env) *receiver {
	r := plaidtest.NewReceiver(e.Env)
	return &receiver{Receiver: r, url: r.URL, srv: r.Srv}
}

// delivery is plaidtest.Delivery.
type delivery struct {
	id, kid   string
	body      map[string]any
	raw       []byte
	typ, code string
	iat       time.Time
	valid     bool
}

func deliveryOf(d plaidtest.Delivery) delivery {
	return delivery{d.ID, d.KID, d.Body, d.Raw, d.Type, d.Code, d.IAT, d.Valid}
}

func deliveriesOf(ds []plaidtest.Delivery) []delivery {
	out := make([]delivery, len(ds))
	for i, d := range ds {
		out[i] = deliveryOf(d)
	}
	return out
}

func (rv *receiver) deliveries() []delivery { return deliveriesOf(rv.Deliveries()) }

func (rv *receiver) waitFor(tb testing.TB, code string) delivery {
	tb.Helper()
	return deliveryOf(rv.WaitFor(tb, code))
}

func (rv *receiver) waitForN(tb testing.TB, code string, n int) []delivery {
	tb.Helper()
	return deliveriesOf(rv.WaitForN(tb, code, n))
}

// canonicalOK reports whether raw is exactly the 2-space, sorted-key
// rendering of its own content.
func canonicalOK(raw []byte) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
	return strings.TrimSuffix(buf.String(), "\n") == string(raw)
}

func (e *env) clock(body map[string]any) result { e.tb.Helper(); return resultOf(e.Clock(body)) }

func (e *env) linkToken(extra map[string]any) string { e.tb.Helper(); return e.LinkToken(extra) }

func (e *env) completeLink(body map[string]any) result {
	e.tb.Helper()
	return resultOf(e.CompleteLink(body))
}

func (e *env) activate(name string, scope map[string]any) { e.tb.Helper(); e.Activate(name, scope) }

func (e *env) webhooks(query string) []map[string]any { e.tb.Helper(); return e.Webhooks(query) }

func (e *env) waitWebhooks(query string, n int) []map[string]any {
	e.tb.Helper()
	return e.WaitWebhooks(query, n)
}
