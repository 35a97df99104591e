package product

import "time"

// Banking days (https://www.frbservices.org/about/holiday-schedules):
// Monday to Friday but the Federal Reserve's holidays. Transfer's dates and
// Signal's schedule count them.

// BankingDay is d, or the next banking day after it.
func BankingDay(d time.Time) time.Time {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || Holiday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// Holiday says whether d (a weekday, midnight UTC) is one of the Federal
// Reserve's holidays, when ACH does not settle: the eleven US federal
// holidays, a Sunday one observed on the Monday after (one on a Saturday
// is not moved: the Reserve Banks are open on the Friday before).
func Holiday(d time.Time) bool {
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
