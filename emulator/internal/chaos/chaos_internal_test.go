package chaos

import (
	"fmt"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// BenchmarkChaosEvaluate isolates what 100 active rules cost one request on
// the hot read path (compare with the handler's ns/op in BenchmarkHotRead).
func BenchmarkChaosEvaluate(b *testing.B) {
	sc := scenarios.Scenario{Name: "hundred"}
	for i := range 100 {
		r := scenarios.Rule{Effect: scenarios.Effect{Error: &scenarios.Error{Code: wire.CodeInternalServerError}}}
		if i%2 == 0 {
			r.Match = scenarios.Match{Paths: []string{"/accounts/balance/get"}, ItemID: fmt.Sprintf("other-item-%d", i)}
		} else {
			r.Match = scenarios.Match{Paths: []string{fmt.Sprintf("/transactions/path-%d", i), "/identity/*"}}
		}
		sc.Rules = append(sc.Rules, r)
	}
	ch := New(1)
	ch.Add([]scenarios.Scenario{sc})
	ch.Activate("hundred", "", "")
	in := &Request{Path: "/accounts/balance/get", ItemID: "the-item", HasItem: true}
	info := func() *Request { return in }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if d := ch.Evaluate(info, "/accounts/balance/get", ""); d != nil {
			b.Fatal("a rule fired")
		}
	}
}
