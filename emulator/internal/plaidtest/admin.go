package plaidtest

import (
	"net/http"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"
)

// The emulator's own calls tests make often: the clock, Link without a
// browser, scenarios.

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// Clock posts body to /_emulator/clock ({"advance": "31m"}, {"set": …}, {"freeze": …}).
func (e *Env) Clock(body map[string]any) Result {
	e.TB.Helper()
	return e.Do(http.MethodPost, "/_emulator/clock", jsonHeader.Clone(), body)
}

// LinkToken makes a link token of the test client, with extra fields.
func (e *Env) LinkToken(extra map[string]any) string {
	e.TB.Helper()
	body := map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"}}
	for k, v := range extra {
		body[k] = v
	}
	return e.Call("/link/token/create", body).OK(e.TB)["link_token"].(string)
}

// CompleteLink completes Link headlessly (/_emulator/link/complete).
func (e *Env) CompleteLink(body map[string]any) Result {
	e.TB.Helper()
	return e.Do(http.MethodPost, "/_emulator/link/complete", jsonHeader.Clone(), body)
}

// Activate activates a scenario by name, scoped by scope's keys.
func (e *Env) Activate(name string, scope map[string]any) {
	e.TB.Helper()
	body := map[string]any{"activate": name}
	for k, v := range scope {
		body[k] = v
	}
	if r := e.Do(http.MethodPost, "/_emulator/scenarios", jsonHeader.Clone(), body); r.Status != 200 {
		e.TB.Fatalf("activate %s: %d %s", name, r.Status, r.Raw)
	}
}

// Must fails the test on a plaid-go error, naming Plaid's error code.
func Must(t testing.TB, what string, err error) {
	t.Helper()
	if err != nil {
		if pe, perr := plaid.ToPlaidError(err); perr == nil {
			t.Fatalf("%s: %s/%s: %s", what, pe.GetErrorType(), pe.GetErrorCode(), pe.GetErrorMessage())
		}
		t.Fatalf("%s: %v", what, err)
	}
}

// Strings reads a decoded JSON array of strings.
func Strings(v any) []string {
	var out []string
	for _, x := range List(v) {
		out = append(out, x.(string))
	}
	return out
}

// Webhooks reads the delivery log with a query (e.g. "state=delivered&wait=5s").
func (e *Env) Webhooks(query string) []map[string]any {
	e.TB.Helper()
	r := e.Do(http.MethodGet, "/_emulator/webhooks?"+query, http.Header{}, nil)
	if r.Status != 200 {
		e.TB.Fatalf("webhook log: %d %s", r.Status, r.Raw)
	}
	var out []map[string]any
	for _, w := range List(r.Body["webhooks"]) {
		out = append(out, Obj(w))
	}
	return out
}

// WaitWebhooks long-polls the log until n records match query (30 s at most).
func (e *Env) WaitWebhooks(query string, n int) []map[string]any {
	e.TB.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := e.Webhooks(query + "&wait=2s")
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			e.TB.Fatalf("only %d of %d webhooks match %q after 30 s", len(got), n, query)
		}
	}
}

// AccountIDs are the Item's account ids by account name.
func (e *Env) AccountIDs(accessToken string) map[string]string {
	e.TB.Helper()
	ids := map[string]string{}
	for _, a := range List(e.Call("/accounts/get", map[string]any{"access_token": accessToken}).OK(e.TB)["accounts"]) {
		ids[Obj(a)["name"].(string)] = Obj(a)["account_id"].(string)
	}
	return ids
}

// ProcessorToken makes a processor token for one account of the Item.
func (e *Env) ProcessorToken(accessToken, accountID, processor string) string {
	e.TB.Helper()
	return e.Call("/processor/token/create", map[string]any{"access_token": accessToken, "account_id": accountID, "processor": processor}).
		OK(e.TB)["processor_token"].(string)
}

// Partner calls path as a processor partner (any client the default
// fixtures do not restrict).
func (e *Env) Partner(path string, body any) Result {
	e.TB.Helper()
	return e.CallAs("partner", "partner-secret", path, body)
}
