package emulator_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// BenchmarkExchangeState: /item/public_token/exchange in-process, in
// parallel, without --state and with it (each answer waits for its
// group commit): the cost of durability a request.
func BenchmarkExchangeState(b *testing.B) {
	for _, state := range []bool{false, true} {
		name := "memory"
		if state {
			name = "state"
		}
		b.Run(name, func(b *testing.B) {
			opts := emulator.Options{JournalSize: -1}
			if state {
				opts.StateFile = filepath.Join(b.TempDir(), "state.db")
			}
			srv, err := emulator.New(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			h := srv.Handler()
			serve := func(path, body string) []byte {
				req, _ := http.NewRequest(http.MethodPost, path, bytes.NewReader([]byte(body)))
				req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
				}
				return rec.Body.Bytes()
			}
			toks := make([]string, b.N)
			for i := range toks {
				toks[i] = field(serve("/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"override_username":"user_ewa_user","override_password":"x"}}`), "public_token")
			}
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					serve("/item/public_token/exchange", `{"public_token":"`+toks[next.Add(1)-1]+`"}`)
				}
			})
		})
	}
}
