package transfer

import "time"

// A transfer's expected dates (https://plaid.com/docs/api/products/transfer/reading-transfers/), on banking days: Monday to
// Friday but the Federal Reserve's holidays, in Eastern time.

// fundsHold is how many banking days after settlement a debit's funds
// become available (Sandbox's hold is undocumented; Plaid says 2-5).
const fundsHold = 3

// bankingDay is d, or the next banking day after it.
func bankingDay(d time.Time) time.Time {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || holiday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// holiday says whether d (a weekday, midnight UTC) is one of the Federal
// Reserve's holidays, when ACH does not settle: the eleven US federal
// holidays, a Sunday one observed on the Monday after (one on a Saturday
// is not moved: the Reserve Banks are open on the Friday before).
func holiday(d time.Time) bool {
	y, m, day := d.Date()
	nth := func(month time.Month, wd time.Weekday, n int) bool { // the n-th wd of month (-1: the last)
		if m != month || d.Weekday() != wd {
			return false
		}
		if n < 0 {
			return day+7 > time.Date(y, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
		}
		return (day-1)/7 == n-1
	}
	fixed := func(month time.Month, dd int) bool {
		return (m == month && day == dd) || (d.Weekday() == time.Monday && m == month && day == dd+1)
	}
	return fixed(time.January, 1) || nth(time.January, time.Monday, 3) || nth(time.February, time.Monday, 3) ||
		nth(time.May, time.Monday, -1) || fixed(time.June, 19) || fixed(time.July, 4) || nth(time.September, time.Monday, 1) ||
		nth(time.October, time.Monday, 2) || fixed(time.November, 11) || nth(time.November, time.Thursday, 4) || fixed(time.December, 25)
}

// addBankingDays is n banking days after d (a banking day).
func addBankingDays(d time.Time, n int) time.Time {
	for range n {
		d = bankingDay(d.AddDate(0, 0, 1))
	}
	return d
}

// settlementDate is when a transfer created at created on network is
// expected to settle: same-day ACH before its 3:00 PM ET cutoff, RTP and
// wires the same banking day; standard ACH before its 8:30 PM ET cutoff the
// next banking day, after it the one after.
func settlementDate(network string, created time.Time) time.Time {
	et := created.In(eastern)
	day := time.Date(et.Year(), et.Month(), et.Day(), 0, 0, 0, 0, time.UTC)
	if b := bankingDay(day); !b.Equal(day) { // made on a weekend: the next banking day's windows
		day, et = b, time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, eastern)
	}
	minutes := et.Hour()*60 + et.Minute()
	switch network {
	case "rtp", "wire":
		return day
	case "same-day-ach":
		if minutes < 15*60 {
			return day
		}
		return addBankingDays(day, 1)
	}
	if minutes < 20*60+30 {
		return addBankingDays(day, 1)
	}
	return addBankingDays(day, 2)
}

// dates are the transfer's expected_settlement_date, standard and
// unauthorized return windows and expected_funds_available_date (nil where
// they do not apply: return windows for ACH only, funds for debits only,
// and funds once returned).
func (t *Transfer) dates() (settle, standard, unauthorized, funds any) {
	s := settlementDate(t.Network, t.Created)
	settle = s.Format(time.DateOnly)
	if t.Network == "ach" || t.Network == "same-day-ach" {
		standard = addBankingDays(s, 3).Format(time.DateOnly)
		unauthorized = addBankingDays(s, 61).Format(time.DateOnly)
	}
	if t.Type == "debit" && t.Status != "returned" && t.Status != "failed" && t.Status != "cancelled" {
		funds = addBankingDays(s, fundsHold).Format(time.DateOnly)
	}
	return
}
