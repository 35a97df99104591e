package transfer

import (
	"testing"
	"time"
)

// TestSettlementDates: the cutoffs and banking days of https://plaid.com/docs/transfer/creating-transfers/, https://plaid.com/docs/api/products/transfer/reading-transfers/
func TestSettlementDates(t *testing.T) {
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, eastern) } // 2026-03-02 is a Monday
	for _, c := range []struct {
		network string
		created time.Time
		want    string
	}{
		{"same-day-ach", at(2, 14, 59), "2026-03-02"},
		{"same-day-ach", at(2, 15, 0), "2026-03-03"},
		{"ach", at(2, 20, 29), "2026-03-03"},
		{"ach", at(2, 20, 30), "2026-03-04"},
		{"ach", at(6, 21, 0), "2026-03-10"},  // Friday after the cutoff: Tuesday
		{"ach", at(7, 10, 0), "2026-03-10"},  // Saturday: Monday's windows, so Tuesday
		{"rtp", at(8, 10, 0), "2026-03-09"},  // Sunday: Monday
		{"wire", at(4, 23, 0), "2026-03-04"}, // the same banking day
	} {
		if got := settlementDate(c.network, c.created).Format(time.DateOnly); got != c.want {
			t.Errorf("%s made %s: settles %s, want %s", c.network, c.created, got, c.want)
		}
	}
	tr := &Transfer{Network: "ach", Type: "debit", Status: "pending", Created: at(2, 10, 0)}
	s, std, unauth, funds := tr.dates()
	if s != "2026-03-03" || std != "2026-03-06" || funds != "2026-03-06" || unauth != "2026-05-28" { // +61 banking days, Memorial Day skipped
		t.Fatalf("dates = %v %v %v %v", s, std, unauth, funds)
	}
}

// TestHolidays: the Federal Reserve's 2026 and 2027 holidays, a Sunday one
// observed on Monday, a Saturday one not moved; settlement skips them.
func TestHolidays(t *testing.T) {
	var got []string
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && holiday(d) {
			got = append(got, d.Format("2006-01-02"))
		}
	}
	want := []string{
		"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
		// 2026-07-04 is a Saturday: not moved.
		"2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25",
		// 2027-06-19 and 2027-12-25 are Saturdays.
	}
	if len(got) != len(want) {
		t.Fatalf("holidays %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("holidays %v, want %v", got, want)
		}
	}
	// A standard ACH debit made on the Wednesday before Thanksgiving 2026
	// settles on the Friday.
	if s := settlementDate("ach", time.Date(2026, 11, 25, 10, 0, 0, 0, eastern)).Format(time.DateOnly); s != "2026-11-27" {
		t.Fatalf("settles %s, want 2026-11-27", s)
	}
}
