package emulator_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// serveOK serves one request in-process and returns the 200 body.
func serveOK(tb testing.TB, h http.Handler, path, body string) []byte {
	req, _ := http.NewRequest(http.MethodPost, path, bytes.NewReader([]byte(body)))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		tb.Errorf("%s: %d %s", path, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// BenchmarkRestart: New from a database holding PLAID_EMULATOR_BENCH_ITEMS
// Items (default 1,000) of ~100 transactions each: what a restart costs
// before the first request can be served. The 10,000-Item figure of docs/performance.md
// comes from cmd/plaid-loadtest, which times the built binary.
func BenchmarkRestart(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("PLAID_EMULATOR_BENCH_ITEMS")); err == nil && v > 0 {
		n = v
	}
	path := filepath.Join(b.TempDir(), "state.db")
	fx := loadFixtures(b)
	srv, err := emulator.New(emulator.Options{StateFile: path, Fixtures: fx, JournalSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	linkLoadItems(b, srv.Handler(), n)
	if err := srv.Close(); err != nil {
		b.Fatal(err)
	}
	var mb float64
	if fi, err := os.Stat(path); err == nil {
		mb = float64(fi.Size()) / 1e6
	}
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		again, err := emulator.New(emulator.Options{StateFile: path, Fixtures: fx, JournalSize: -1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-restart")
		b.StopTimer()
		again.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "items")
	b.ReportMetric(mb, "MB-database")
}

// loadFixtures is the defaults plus user_load, whose Items get ~100
// transactions on one account (34 a month over 90 days).
func loadFixtures(tb testing.TB) *fixtures.Set {
	dir := tb.TempDir()
	good := fixtures.Default().User("user_good")
	fx := fmt.Sprintf("users:\n  - username: user_load\n    password: pw\n    history: {kind: generated, per_month: 34}\n    accounts:\n"+
		"      - {name: Plaid Checking, mask: \"0000\", type: depository, subtype: checking, balances: {available: 100, current: 110}, numbers: {ach: {account: %q}}}\n",
		good.Accounts[0].Numbers.ACH.Account)
	if err := os.WriteFile(filepath.Join(dir, "load.yaml"), []byte(fx), 0o644); err != nil {
		tb.Fatal(err)
	}
	over, err := fixtures.Load(os.DirFS(dir))
	if err != nil {
		tb.Fatal(err)
	}
	return fixtures.Merge(fixtures.Default(), over)
}

// BenchmarkSnapshotRestore: POST /_emulator/snapshots/base/restore with
// 1,000 Items of ~100 transactions each saved (the target: at most 100 ms).
func BenchmarkSnapshotRestore(b *testing.B) {
	srv, err := emulator.New(emulator.Options{Fixtures: loadFixtures(b), JournalSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	linkLoadItems(b, h, 1000)
	info, err := srv.SaveSnapshot("base")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var worst time.Duration
	for range b.N {
		start := time.Now()
		req, _ := http.NewRequest(http.MethodPost, "/_emulator/snapshots/base/restore", http.NoBody)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("restore: %d %s", rec.Code, rec.Body)
		}
		worst = max(worst, time.Since(start))
	}
	if mean := b.Elapsed() / time.Duration(b.N); mean > 100*time.Millisecond {
		b.Errorf("a restore of %d Items takes %v on average, over the 100 ms target", info.Items, mean.Round(time.Millisecond))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst")
	b.ReportMetric(float64(info.Items), "items")
	b.ReportMetric(float64(info.Bytes)/1e6, "MB-snapshot")
}

// linkLoadItems makes n Items of user_load (~100 transactions each), four
// at a time, in-process.
func linkLoadItems(b *testing.B, h http.Handler, n int) {
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				pt := serveOK(b, h, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_load","override_password":"pw"}}`)
				serveOK(b, h, "/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
			}
		}()
	}
	wg.Wait()
}
