package ledger

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestStateCodecRoundTrip: every field of a State, rows of every shape
// included, comes back as it was; a cut record is an error, not a panic.
func TestStateCodecRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ts := NewState(3, 90, HistoryNone)
	ts.Status, ts.SyncCalled, ts.Rounds, ts.RecurringSig = HistoricalComplete, true, 4, "sig"
	ts.LastUpdate = time.Date(2026, 12, 2, 5, 6, 7, 891, time.UTC)
	ts.Names = []string{"Coffee", "Rent ✓"}
	amounts := []float64{12.34, -0.01, 10.1 + 2.24, 1e300, 0, 5}
	for i := range 40 {
		r := Row{ID: NewRowID(rng), Amount: amounts[i%len(amounts)], Name: int32(i%3) - 1, Account: int32(i % 3),
			Merchant: int32(i%5) - 1, Date: 20400 + int32(rng.IntN(90)), Pending: i%4 == 0}
		r.AuthDate = r.Date - int32(i%3)
		if i%7 == 0 {
			r.PendingID = NewRowID(rng)
		}
		if i%9 == 0 {
			r.Currency = [3]byte{'C', 'A', 'D'}
			r.PostOn = r.Date + 2
		}
		if i == 5 {
			r.ID[3] = '-' // outside the alphabet: kept raw
		}
		ts.Add(r)
	}
	ts.remove(3)
	ts.Staged = []Row{{ID: NewRowID(rng), Amount: 1.5, Date: 20000, Merchant: -1, Name: -1}}
	ts.sorted = nil
	b := EncodeState(ts)
	if perRow := len(b) / len(ts.Rows); perRow > 60 {
		t.Errorf("%d bytes a row, want at most 60", perRow)
	}
	got, err := DecodeState(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ts) {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, ts)
	}
	for _, n := range []int{0, 1, len(b) / 2, len(b) - 1} {
		if _, err := DecodeState(b[:n]); err == nil {
			t.Errorf("a record cut to %d bytes decoded without error", n)
		}
	}
}
