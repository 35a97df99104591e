package emulator_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkBankIncomeGet: /credit/bank_income/get for a user whose report
// covers 3 Items of 2 years' history each (user_bank_income at three
// banks, 731 days, made by a refresh), in-process and over HTTP, beside
// the ceiling serving the same bytes. The target is under 5 ms in-process.
func BenchmarkBankIncomeGet(b *testing.B) {
	be := newBenchEnv(b)
	send := func(path, body string) []byte {
		req := be.request(path, body)
		req.Header.Set("Plaid-New-User-API-Enabled", "false") // a legacy user: refresh takes only user_token
		resp, err := be.client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			b.Fatalf("%s: %d %s", path, resp.StatusCode, raw)
		}
		return raw
	}
	tok := field(send("/user/create", `{"client_user_id":"bench"}`), "user_token")
	for _, inst := range []string{"ins_109508", "ins_109509", "ins_109510"} {
		send("/sandbox/public_token/create", `{"institution_id":"`+inst+`","initial_products":["income_verification"],"user_token":"`+tok+`",
			"options":{"override_username":"user_bank_income","override_password":"{}",
			"income_verification":{"income_source_types":["bank"],"bank_income":{"days_requested":731}}}}`)
	}
	b.Run("refresh/emulator/handler", func(b *testing.B) {
		h := be.srv.Handler()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, be.request("/credit/bank_income/refresh", `{"user_token":"`+tok+`"}`))
			if w.Code != 200 {
				b.Fatal(w.Body.String())
			}
		}
	})
	send("/credit/bank_income/refresh", `{"user_token":"`+tok+`"}`) // one report of the 3 Items
	body := `{"user_token":"` + tok + `","options":{"count":1}}`
	sample := send("/credit/bank_income/get", body)
	if n := bytes.Count(sample, []byte(`"item_id"`)); n != 3 {
		b.Fatalf("the report covers %d Items, not 3", n)
	}
	b.Logf("the report is %d KiB of JSON", len(sample)/1024)
	ceil := ceiling(b, sample)
	b.Run("get/emulator/handler", func(b *testing.B) {
		h := be.srv.Handler()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, be.request("/credit/bank_income/get", body))
			if w.Code != 200 {
				b.Fatal(w.Body.String())
			}
		}
		if mean := b.Elapsed() / time.Duration(b.N); mean > 5*time.Millisecond {
			b.Errorf("/credit/bank_income/get takes %v in-process, over the 5 ms target", mean)
		}
	})
	b.Run("get/emulator/http", func(b *testing.B) {
		benchOverHTTP(b, be.client, func(int) *http.Request { return be.request("/credit/bank_income/get", body) })
	})
	b.Run("get/ceiling/http", func(b *testing.B) {
		benchOverHTTP(b, ceil.Client(), func(int) *http.Request {
			r, _ := http.NewRequest(http.MethodPost, ceil.URL+"/credit/bank_income/get", bytes.NewReader([]byte(body)))
			r.Header = http.Header{"Content-Type": {"application/json"}}
			return r
		})
	})
}
