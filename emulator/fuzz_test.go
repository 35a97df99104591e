package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// FuzzRequests sends any body to any Plaid path of the route table, with
// valid credentials and a canary Item's tokens wherever the body says
// ACCESS, PUBLIC, PROCESSOR or ACCOUNT. Whatever it sends: no 5xx; the
// answer is a 200 or Plaid's error object; and a request that fails
// leaves the canary as it was.
//
//	go test -run '^$' -fuzz FuzzRequests -fuzztime 10m ./emulator/
func FuzzRequests(f *testing.F) {
	srv, err := emulator.New(emulator.Options{JournalSize: -1})
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	paths := srv.PlaidPaths()
	serve := func(path string, body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	must := func(path, body string) map[string]any {
		rec := serve(path, []byte(body))
		var out map[string]any
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			f.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return out
	}
	pt := must("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth","transactions","identity","liabilities","investments","assets","statements","signal"]}`)
	at := must("/item/public_token/exchange", `{"public_token":"`+pt["public_token"].(string)+`"}`)["access_token"].(string)
	acct := must("/accounts/get", `{"access_token":"`+at+`"}`)["accounts"].([]any)[0].(map[string]any)["account_id"].(string)
	proc := must("/processor/token/create", `{"access_token":"`+at+`","account_id":"`+acct+`","processor":"dwolla"}`)["processor_token"].(string)
	spare := must("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"]}`)["public_token"].(string)
	fill := strings.NewReplacer("ACCESS", at, "PUBLIC", spare, "PROCESSOR", proc, "ACCOUNT", acct)
	// The canary: what a failed request must leave as it was.
	canary := func() string {
		var b strings.Builder
		for _, p := range []string{"/item/get", "/accounts/get"} {
			b.Write(requestID.ReplaceAll(serve(p, []byte(`{"access_token":"`+at+`"}`)).Body.Bytes(), nil))
		}
		return b.String()
	}

	index := func(p string) uint16 {
		for i, q := range paths {
			if q == p {
				return uint16(i)
			}
		}
		f.Fatalf("%s is not served", p)
		return 0
	}
	// The seed corpus: what the schema-driven fuzz found (issue 13), and
	// a valid body for a few paths.
	for _, c := range []struct{ path, body string }{
		{"/asset_report/create", `{"access_tokens":["ACCESS"],"days_requested":null}`},
		{"/signal/evaluate", `{"access_token":"ACCESS","account_id":"ACCOUNT","client_transaction_id":"t","amount":null}`},
		{"/processor/signal/evaluate", `{"processor_token":"PROCESSOR","client_transaction_id":"t","amount":null}`},
		{"/investments/transactions/get", `{"access_token":"ACCESS","start_date":"2020-01-01","end_date":"2030-01-01","options":{"offset":9223372036854775807}}`},
		{"/institutions/search", `{"query":"plat","products":["auth"],"country_codes":["US"],"options":{"payment_initiation":"x"}}`},
		{"/sandbox/transactions/create", `{"access_token":"ACCESS","transactions":[{"date_transacted":"2026-01-01","date_posted":"2026-01-02","amount":1e308,"description":"x"}]}`},
		{"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_custom","override_password":"{\"override_accounts\":5}"}}`},
		{"/link/token/create", `{"client_name":"x","language":"en","country_codes":["US"],"user":{"client_user_id":"u"},"products":["auth"],"account_filters":"x","eu_config":7,"appearance_mode":"PURPLE"}`},
		{"/link/token/create", `{"client_name":"x","language":"en","country_codes":["US"],"user":{"client_user_id":"u"},"products":["transfer"]}`},
		{"/item/webhook/update", `{"access_token":"ACCESS","webhook":"file:///etc/passwd"}`},
		{"/processor/token/webhook/update", `{"processor_token":"PROCESSOR","webhook":"gopher://x"}`},
		{"/transactions/sync", `{"access_token":"ACCESS","count":500}`},
		{"/transactions/get", `{"access_token":"ACCESS","start_date":"2020-01-01","end_date":"2030-01-01","options":{"count":-1,"offset":-5}}`},
		{"/accounts/balance/get", `{"access_token":"ACCESS","options":{"account_ids":["ACCOUNT",null,7]}}`},
		{"/item/public_token/exchange", `{"public_token":"PUBLIC"}`},
		{"/identity/match", `{"access_token":"ACCESS","user":{"legal_name":"` + strings.Repeat("é", 300) + `"}}`},
		{"/auth/get", `{"access_token":"ACCESS","options":{"account_ids":[]}}` + "\x00"},
		{"/accounts/get", `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`},
	} {
		f.Add(index(c.path), []byte(c.body))
	}
	f.Fuzz(func(t *testing.T, pi uint16, body []byte) {
		path := paths[int(pi)%len(paths)]
		before := canary()
		rec := serve(path, []byte(fill.Replace(string(body))))
		if rec.Code >= 500 {
			t.Fatalf("%s %q: %d %s", path, body, rec.Code, rec.Body)
		}
		if rec.Code == 200 {
			return
		}
		var e map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("%s %q: %d and a body that is not JSON: %s", path, body, rec.Code, rec.Body)
		}
		for _, k := range []string{"error_type", "error_code", "error_message", "display_message", "request_id"} {
			if _, ok := e[k]; !ok {
				t.Fatalf("%s %q: %d without %s: %s", path, body, rec.Code, k, rec.Body)
			}
		}
		if m := libraryWording.FindString(rec.Body.String()); m != "" {
			t.Fatalf("%s %q: library wording %q: %s", path, body, m, rec.Body)
		}
		if after := canary(); after != before {
			t.Fatalf("%s %q failed (%d) but changed the canary Item:\nbefore %.300s\nafter  %.300s", path, body, rec.Code, before, after)
		}
	})
}
