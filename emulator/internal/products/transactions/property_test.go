package transactions_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestReplicaProperty: random interleavings of refresh, sandbox creates and
// sync paging, with a client that does what Plaid tells clients to: apply a
// loop's pages once it ends, and on TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION
// drop them and restart from the cursor that began the loop. After every
// loop the replica equals /transactions/get.
func TestReplicaProperty(t *testing.T) {
	mutations := 0
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		e := plaidtest.New(t, plaidtest.WithSeed(int64(seed)))
		it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
		rep := plaidtest.Replica{}
		var loop []map[string]any // pages of the loop in progress
		cursor, loopStart := "", ""
		syncOnce := func() bool { // one page; reports whether a loop ended
			r := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": cursor, "count": 1 + rng.IntN(40)})
			if r.Status != 200 {
				r.PlaidErr(t, 400, "TRANSACTIONS_ERROR", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION")
				mutations++
				loop, cursor = nil, loopStart
				return false
			}
			loop = append(loop, r.Body)
			cursor = r.Body["next_cursor"].(string)
			if r.Body["has_more"] == true {
				return false
			}
			for _, p := range loop {
				rep.Apply(t, p)
			}
			loop, loopStart = nil, cursor
			return true
		}
		for step := 0; step < 80; step++ {
			switch rng.IntN(4) {
			case 0:
				e.Call("/transactions/refresh", map[string]any{"access_token": it.AccessToken}).OK(t)
			case 1:
				var rows []any
				for range 1 + rng.IntN(10) {
					posted := time.Now().AddDate(0, 0, rng.IntN(5)-2).Format(time.DateOnly)
					rows = append(rows, map[string]any{"date_transacted": time.Now().AddDate(0, 0, -3).Format(time.DateOnly),
						"date_posted": posted, "amount": float64(rng.IntN(10000)) / 100, "description": "Row"})
				}
				e.Call("/sandbox/transactions/create", map[string]any{"access_token": it.AccessToken, "transactions": rows}).OK(t)
			default:
				if syncOnce() {
					sameRows(t, rep, e.GetAll(it.AccessToken))
				}
			}
		}
		for !syncOnce() {
		}
		sameRows(t, rep, e.GetAll(it.AccessToken))
	}
	if mutations == 0 {
		t.Error("no run hit a mutation during pagination; the property went untested")
	}
}
