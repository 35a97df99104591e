package emulator_test

import (
	"bytes"
	"io"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// bigHistory is an emulator with a user whose Items get about n transactions.
func bigHistory(b *testing.B, n int) (*benchEnv, string) {
	perMonth := n * 30 / 730
	set := fixtures.Merge(fixtures.Default(), &fixtures.Set{Users: []fixtures.User{{
		Username: "user_big", Password: "pw", History: &fixtures.History{Kind: "generated", PerMonth: perMonth, Days: 730},
		Accounts: fixtures.Default().User("user_good").Accounts[:4],
	}}})
	srv, err := emulator.New(emulator.Options{Fixtures: set})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	b.Cleanup(hs.Close)
	be := &benchEnv{srv: srv, url: hs.URL, client: hs.Client()}
	pt := be.post(b, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_big","override_password":"pw","transactions":{"days_requested":730}}}`)
	at := field(be.post(b, "/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`), "access_token")
	return be, at
}

// fullSync pages the whole history at count=500, returning pages and bytes.
func (be *benchEnv) fullSync(b *testing.B, at string) (pages, bytes int) {
	cursor := ""
	for {
		resp, err := be.client.Do(be.request("/transactions/sync", `{"access_token":"`+at+`","count":500,"cursor":"`+cursor+`"}`))
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("sync: %d %.300s", resp.StatusCode, raw)
		}
		pages++
		bytes += len(raw)
		cursor = field(raw, "next_cursor")
		if !containsHasMore(raw) {
			return pages, bytes
		}
	}
}

func containsHasMore(raw []byte) bool { return bytes.Contains(raw, []byte(`"has_more":true`)) }

// BenchmarkFullSync100k: a whole 100,000-row history at count=500 over HTTP.
func BenchmarkFullSync100k(b *testing.B) {
	be, at := bigHistory(b, 100_000)
	b.ResetTimer()
	var pages, size int
	for i := 0; i < b.N; i++ {
		pages, size = be.fullSync(b, at)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/full-sync")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(size)/float64(1<<20), "MiB/full-sync")
}

// BenchmarkSyncPage: one count=500 page at the start and at the end of a
// 10k and a 100k history: a page costs the same wherever it is and however
// long the history (O(page), not O(history)).
func BenchmarkSyncPage(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		be, at := bigHistory(b, n)
		// Walk to the last page's cursor.
		cursor, last := "", ""
		for {
			resp, _ := be.client.Do(be.request("/transactions/sync", `{"access_token":"`+at+`","count":500,"cursor":"`+cursor+`"}`))
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !containsHasMore(raw) {
				break
			}
			last = cursor
			cursor = field(raw, "next_cursor")
		}
		for _, pos := range []struct{ name, cursor string }{{"first", ""}, {"last", last}} {
			b.Run(strconv.Itoa(n)+"/"+pos.name, func(b *testing.B) {
				body := `{"access_token":"` + at + `","count":500,"cursor":"` + pos.cursor + `"}`
				for i := 0; i < b.N; i++ {
					resp, err := be.client.Do(be.request("/transactions/sync", body))
					if err != nil {
						b.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		}
	}
}

// BenchmarkTransactionMemory measures the heap a stored transaction costs.
func BenchmarkTransactionMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		be, _ := bigHistory(b, 100_000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/100_000, "B/txn")
		runtime.KeepAlive(be)
	}
}

// BenchmarkRecurring100k: /transactions/recurring/get over a 100,000-row
// history (every row is grouped and every group's cadence checked).
func BenchmarkRecurring100k(b *testing.B) {
	be, at := bigHistory(b, 100_000)
	be.fullSync(b, at) // the history is in
	b.ResetTimer()
	for range b.N {
		resp, err := be.client.Do(be.request("/transactions/recurring/get", `{"access_token":"`+at+`"}`))
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("recurring: %d %.300s", resp.StatusCode, raw)
		}
	}
}
