package product

import "time"

// Within says whether at falls between a list request's optional
// RFC 3339 bounds (start_date/end_date, start_time/end_time); a bound that
// is absent or does not parse does not limit.
func Within(at time.Time, start, end *string) bool {
	if t, err := time.Parse(time.RFC3339, Deref(start, "")); err == nil && at.Before(t) {
		return false
	}
	if t, err := time.Parse(time.RFC3339, Deref(end, "")); err == nil && at.After(t) {
		return false
	}
	return true
}
