package wire

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// QueryError is a query parameter that is not what its route takes. Its
// message names the parameter and what it must be.
type QueryError struct {
	Param   string
	Message string
}

func (e *QueryError) Error() string { return e.Message }

// QueryInt is every integer query parameter of the admin and Program
// APIs: def when name is absent, else a whole number from lo to hi. Any
// other value (not a number, negative where lo is 0, past hi, overflowing)
// is a *QueryError naming the parameter.
func QueryInt(q url.Values, name string, def, lo, hi int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	if len(v) != 1 {
		return 0, &QueryError{name, fmt.Sprintf("%s must be given once", name)}
	}
	n, err := strconv.ParseInt(v[0], 10, 64)
	if err != nil || n < int64(lo) || n > int64(hi) {
		return 0, &QueryError{name, fmt.Sprintf("%s must be a whole number from %d to %d, not %q", name, lo, hi, Clip(v[0], 40))}
	}
	return int(n), nil
}

// MaxQueryOffset and MaxQueryCount bound the offset and count of the admin
// lists.
const (
	MaxQueryOffset = 1<<31 - 1
	MaxQueryCount  = 1_000_000
)

// QueryPage reads a list's offset (0 and up, default 0) and count (1 to
// maxCount, default def).
func QueryPage(q url.Values, def, maxCount int) (offset, count int, err error) {
	if offset, err = QueryInt(q, "offset", 0, 0, MaxQueryOffset); err != nil {
		return 0, 0, err
	}
	count, err = QueryInt(q, "count", def, 1, maxCount)
	return offset, count, err
}

// WriteQueryError answers a bad query parameter: 400 with
// {"error": message, "parameter": name}.
func WriteQueryError(w http.ResponseWriter, err error) {
	qe, ok := err.(*QueryError)
	if !ok {
		qe = &QueryError{Message: "the query could not be read"}
	}
	WriteJSON(w, http.StatusBadRequest, map[string]string{"error": qe.Message, "parameter": qe.Param})
}

// Clip shortens s to n bytes, marked with an ellipsis, for a message that
// quotes what a client sent.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
