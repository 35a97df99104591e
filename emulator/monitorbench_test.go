package emulator_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// BenchmarkWatchlistScreen: /watchlist_screening/individual/create, which
// screens the terms against the built-in watchlists at once, in-process,
// alternating a name that hits (Joseph Kony) and one that clears; beside
// a bare net/http handler serving the same bytes. The target is under
// 1 ms a screening.
func BenchmarkWatchlistScreen(b *testing.B) {
	srv, err := emulator.New(emulator.Options{StartTime: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), FreezeClock: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	be := &benchEnv{srv: srv}
	bodies := []string{`{"search_terms":{"watchlist_program_id":"prg_sandbox_default","legal_name":"Joseph Kony","date_of_birth":"1964-09-18","country":"CF"}}`,
		`{"search_terms":{"watchlist_program_id":"prg_sandbox_default","legal_name":"Leslie Knope","date_of_birth":"1975-01-18","country":"US"}}`}
	send := func(h http.Handler, body string) []byte {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, be.request("/watchlist_screening/individual/create", body))
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
		return w.Body.Bytes()
	}
	sample := send(srv.Handler(), bodies[0])
	bare := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(sample)
	})
	b.Run("emulator", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			send(srv.Handler(), bodies[i%2])
		}
		if mean := b.Elapsed() / time.Duration(b.N); mean > time.Millisecond {
			b.Errorf("a screening takes %v in-process, over the 1 ms target", mean)
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			send(bare, bodies[i%2])
		}
	})
}
