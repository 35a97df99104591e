package emulator_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// soakFor is how long TestStateSoakWith300Rules runs: 3 s by default (CI
// runs it under -race), PLAID_EMULATOR_SOAK (a Go duration) for longer, as
// in PLAID_EMULATOR_SOAK=60s go test -race -run StateSoak ./emulator/.
func soakFor(t *testing.T) time.Duration {
	if v := os.Getenv("PLAID_EMULATOR_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("PLAID_EMULATOR_SOAK: %v", err)
		}
		return d
	}
	return 3 * time.Second
}

// A 300-rule scenario under load with --state: writers refresh, add rows,
// sync and fire webhooks on several Items while the saver writes the state,
// and the counters the rules keep move on every call. Under -race this
// fails on any map or slice the saver shares with request goroutines; the
// state written last must restore.
func TestStateSoakWith300Rules(t *testing.T) {
	sc := scenarios.Scenario{Name: "three-hundred"}
	for i := range 300 {
		r := scenarios.Rule{Effect: scenarios.Effect{Error: &scenarios.Error{Code: "INTERNAL_SERVER_ERROR"}}}
		r.Match = scenarios.Match{Paths: []string{fmt.Sprintf("/never/%d", i), "/transactions/*"}, ItemID: fmt.Sprintf("other-item-%d", i)}
		sc.Rules = append(sc.Rules, r)
	}
	path := filepath.Join(t.TempDir(), "state.db")
	srv, err := emulator.New(emulator.Options{StateFile: path, Seed: 5, Scenarios: []scenarios.Scenario{sc}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer hook.Close()
	post := func(path, body string) (int, []byte) {
		req, _ := http.NewRequest(http.MethodPost, hs.URL+path, bytes.NewReader([]byte(body)))
		req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"soak"}, "Plaid-Secret": {"s"}}
		resp, err := hs.Client().Do(req)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return 0, nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, b := post("/_emulator/scenarios", `{"activate":"three-hundred"}`); code != 200 {
		t.Fatalf("activate: %d %s", code, b)
	}
	var tokens []string
	for range 4 {
		_, pt := post("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],`+
			`"options":{"override_username":"user_transactions_dynamic","override_password":"x","webhook":"`+hook.URL+`"}}`)
		_, ex := post("/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
		tokens = append(tokens, field(ex, "access_token"))
	}
	deadline := time.Now().Add(soakFor(t))
	var wg sync.WaitGroup
	for w, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at := `{"access_token":"` + tok + `"`
			for n := 0; n < 100000 && time.Now().Before(deadline); n++ {
				var code int
				var b []byte
				switch n % 4 {
				case 0:
					code, b = post("/transactions/refresh", at+`}`)
				case 1:
					code, b = post("/sandbox/transactions/create", at+`,"transactions":[{"date_transacted":"2026-01-02","date_posted":"2026-01-03","amount":`+
						fmt.Sprint(w+n)+`,"description":"soak"}]}`)
				case 2:
					code, b = post("/transactions/sync", at+`,"count":50}`)
				default:
					code, b = post("/sandbox/item/fire_webhook", at+`,"webhook_code":"DEFAULT_UPDATE"}`)
				}
				if code != 200 && code != 400 {
					t.Errorf("call %d: %d %s", n, code, b)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := emulator.New(emulator.Options{StateFile: path, Seed: 5, Scenarios: []scenarios.Scenario{sc}})
	if err != nil {
		t.Fatalf("the state written under load does not restore: %v", err)
	}
	_ = again.Close()
}
