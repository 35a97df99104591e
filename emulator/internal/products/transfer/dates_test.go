package transfer

import (
	"testing"
	"time"
)

// TestSettlementDates: the cutoffs and banking days of reference §2.6/§3.5.
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
	if s != "2026-03-03" || std != "2026-03-06" || funds != "2026-03-06" || unauth != "2026-05-27" {
		t.Fatalf("dates = %v %v %v %v", s, std, unauth, funds)
	}
}
