package emulator_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// BenchmarkNewServer is what one emulatortest.NewServer costs: build a
// Server from the default fixtures, listen on a free loopback port, close.
// The fixtures and everything derived from them are built once and shared.
func BenchmarkNewServer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		srv, err := emulator.New(emulator.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.Start("127.0.0.1:0"); err != nil {
			b.Fatal(err)
		}
		if err := srv.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNewServerIsCheap holds the world-built-once promise: a Server from
// the default fixtures (started and closed) costs at most 2,000 allocations,
// however many were made before it (parsing the fixtures alone is ~30,000).
func TestNewServerIsCheap(t *testing.T) {
	allocs := testing.AllocsPerRun(20, func() {
		srv, err := emulator.New(emulator.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Start("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2000 {
		t.Fatalf("a new Server costs %.0f allocations, want ≤ 2000", allocs)
	}
	t.Logf("%.0f allocations per Server", allocs)
}
