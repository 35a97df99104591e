package emulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// hundredRules is one active scenario of 100 rules, none of which fires on
// the benchmarked Item: half watch its path for another Item, half watch
// other paths.
func hundredRules() scenarios.Scenario {
	sc := scenarios.Scenario{Name: "hundred"}
	for i := range 100 {
		r := scenarios.Rule{Effect: scenarios.Effect{Error: &scenarios.Error{Code: "INTERNAL_SERVER_ERROR"}}}
		if i%2 == 0 {
			r.Match = scenarios.Match{Paths: []string{"/accounts/balance/get"}, ItemID: fmt.Sprintf("other-item-%d", i)}
		} else {
			r.Match = scenarios.Match{Paths: []string{fmt.Sprintf("/transactions/path-%d", i), "/identity/*"}}
		}
		sc.Rules = append(sc.Rules, r)
	}
	return sc
}

// BenchmarkScenarioOverhead: the hot read path with no scenario active and
// with 100 rules active, in-process and over HTTP.
func BenchmarkScenarioOverhead(b *testing.B) {
	for _, rules := range []int{0, 100} {
		srv, err := emulator.New(emulator.Options{Scenarios: []scenarios.Scenario{hundredRules()}})
		if err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		be := &benchEnv{srv: srv, url: hs.URL, client: hs.Client()}
		pt := be.post(b, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"]}`)
		at := field(be.post(b, "/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`), "access_token")
		if rules > 0 {
			be.post(b, "/_emulator/scenarios", `{"activate":"hundred"}`)
		}
		body := `{"access_token":"` + at + `"}`
		b.Run(fmt.Sprintf("rules=%d/handler", rules), func(b *testing.B) {
			h := srv.Handler()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, be.request("/accounts/balance/get", body))
				if w.Code != 200 {
					b.Fatal(w.Body.String())
				}
			}
		})
		b.Run(fmt.Sprintf("rules=%d/http", rules), func(b *testing.B) {
			benchOverHTTP(b, be.client, func(int) *http.Request { return be.request("/accounts/balance/get", body) })
		})
		hs.Close()
	}
}
