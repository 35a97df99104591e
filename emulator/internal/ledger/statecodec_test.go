package ledger

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestStateCodecRoundTrip: every field of a State, rows of every shape
// included (ids made by RowIDs across two keys, and ids from elsewhere),
// comes back as it was; a cut record is an error, not a panic.
func TestStateCodecRoundTrip(t *testing.T) {
	ts := NewState(3, 90, HistoryNone)
	ts.IDs.Rekey(11, 12)
	ts.Status, ts.SyncCalled, ts.Rounds, ts.RecurringSig = HistoricalComplete, true, 4, "sig"
	ts.LastUpdate = time.Date(2026, 12, 2, 5, 6, 7, 891, time.UTC)
	ts.Names = []string{"Coffee", "Rent ✓"}
	amounts := []float64{12.34, -0.01, 10.1 + 2.24, 1e300, 0, 5}
	var prev Row
	for i := range 40 {
		if i == 20 {
			ts.IDs.Rekey(21, 22) // as after a restart
		}
		r := Row{Amount: amounts[i%len(amounts)], Name: int32(i%3) - 1, Account: int32(i % 3),
			Merchant: int32(i%5) - 1, Date: 20400 + int32(i*7%90), Pending: i%4 == 0}
		r.ID, r.N = ts.IDs.New()
		r.AuthDate = r.Date - int32(i%3)
		if i%7 == 0 && i > 0 {
			r.PendingID, r.PendingN = prev.ID, prev.N+1
		}
		if i == 13 {
			r.PendingID, r.PendingN = RowID{'p'}, 0 // not one of ours
		}
		if i%9 == 0 {
			r.Currency = [3]byte{'C', 'A', 'D'}
			r.PostOn = r.Date + 2
		}
		if i == 5 {
			r.ID[3] = '-' // not made by IDs: kept raw
		}
		ts.Add(r)
		prev = r
	}
	ts.remove(3)
	ts.Staged = []Row{{Amount: 1.5, Date: 20000, Merchant: -1, Name: -1}}
	ts.Staged[0].ID, ts.Staged[0].N = ts.IDs.New()
	ts.sorted = nil
	b := EncodeState(ts)
	if perRow := len(b) / len(ts.Rows); perRow > 24 {
		t.Errorf("%d bytes a row, want at most 24", perRow)
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

// TestRowIDsNeverRepeatAcrossKeys: a new key makes new ids, and ids are
// from the alphabet (so they read as Plaid's).
func TestRowIDsNeverRepeatAcrossKeys(t *testing.T) {
	var a, b RowIDs
	a.Rekey(1, 2)
	b.Rekey(1, 2)
	seen := map[RowID]bool{}
	for range 1000 {
		id, _ := a.New()
		seen[id] = true
	}
	if len(seen) != 1000 {
		t.Fatalf("%d distinct ids of 1000", len(seen))
	}
	b.Next = 500 // a state that lags, restarted with a new key
	b.Rekey(3, 4)
	for range 1000 {
		if id, _ := b.New(); seen[id] {
			t.Fatalf("id %s made again after the new key", id)
		}
	}
	for _, c := range a.At(7) {
		if strings.IndexByte(IDAlphabet, c) < 0 {
			t.Fatalf("id %s has a character outside the alphabet", a.At(7))
		}
	}
}
