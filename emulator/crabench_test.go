package emulator_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// BenchmarkBaseReportGet: /cra/check_report/base_report/get for a user
// whose report covers 3 Items of 2 years' history (user_yuppie, about 30
// rows a month, at three banks), in-process. The Base Report is made on
// each read; the target is under 20 ms.
func BenchmarkBaseReportGet(b *testing.B) {
	srv, err := emulator.New(emulator.Options{StartTime: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), FreezeClock: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	hs := httptest.NewServer(srv.Handler())
	b.Cleanup(hs.Close)
	be := &benchEnv{srv: srv, url: hs.URL, client: hs.Client()}
	send := func(path, body string) []byte {
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, be.request(path, body))
		if w.Code/100 != 2 {
			b.Fatalf("%s: %d %s", path, w.Code, w.Body)
		}
		return w.Body.Bytes()
	}
	uid := field(send("/user/create", `{"client_user_id":"bench"}`), "user_id")
	for _, inst := range []string{"ins_109508", "ins_109509", "ins_109510"} {
		send("/sandbox/public_token/create", `{"institution_id":"`+inst+`","initial_products":["cra_base_report","transactions"],"user_id":"`+uid+`",
			"options":{"override_username":"user_yuppie","override_password":"x","transactions":{"days_requested":730}}}`)
	}
	send("/cra/check_report/create", `{"user_id":"`+uid+`","webhook":"http://127.0.0.1:9/hook","days_requested":731,"consumer_report_permissible_purpose":"EXTENSION_OF_CREDIT"}`)
	body := `{"user_id":"` + uid + `"}`
	sample := send("/cra/check_report/base_report/get", body)
	if n := strings.Count(string(sample), `"transaction_id"`); n < 3*600 {
		b.Fatalf("the report has %d transactions, not 3 Items of 2 years", n)
	}
	b.Logf("the report is %d KiB of JSON", len(sample)/1024)
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		send("/cra/check_report/base_report/get", body)
	}
	if mean := b.Elapsed() / time.Duration(b.N); mean > 20*time.Millisecond {
		b.Errorf("/cra/check_report/base_report/get takes %v in-process, over the 20 ms target", mean)
	}
}
