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
