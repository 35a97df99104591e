package wire

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Request checking derived from Plaid's OpenAPI spec: spectable_gen.go
// (made by `go generate ./emulator/internal/wire`, from the spec, for
// every path of the route table) holds each request body's schema, and
// CheckSpec checks a parsed body against it before any handler runs. The
// request structs' plaid tags still bind the values; they no longer
// decide what is checked. Where Plaid is stricter or looser than its
// schema, the exception is a line of specExceptions.

//go:generate go run ./gen -dir ../.. -out spectable_gen.go

// Kind is a schema's JSON type.
type Kind uint8

const (
	KindAny Kind = iota
	KindObject
	KindArray
	KindString
	KindInteger
	KindNumber
	KindBoolean
)

// Schema is one request schema, or a part of one.
type Schema struct {
	Kind     Kind
	Nullable bool
	Props    map[string]*Schema // objects
	Required []string
	Items    *Schema // arrays
	Enum     []string
	Min, Max *float64
	MinLen   int
	MaxLen   int // 0: no bound
	MinItems int
	MaxItems int // 0: no bound
	Format   string
}

// MaxMoney bounds every amount a request may give (fields named amount or
// ending in _amount, _balance or balance): Plaid documents none, and
// larger values would overflow sums (an amount of 1e308 made every asset
// report of its Item fail). It is the largest a float64 holds to the cent.
const MaxMoney = 1e13

// specExceptions are where the emulator departs from the spec's schema:
// a path, a field path in its body, and what changes, with why. They are
// applied once, at start.
var specExceptions = []struct {
	path, field string
	change      func(*Schema)
}{
	// The spec's Processor enum dropped prime_trust; plaid-go v20's still
	// has it, and Plaid's processor docs still name it: keep serving it.
	{"/processor/token/create", "processor", func(s *Schema) { s.Enum = append(slices.Clone(s.Enum), "prime_trust") }},
}

func init() {
	for _, e := range specExceptions {
		s := specRequests[e.path]
		for _, part := range strings.Split(e.field, ".") {
			if s != nil {
				s = s.Props[part]
			}
		}
		if s == nil {
			panic("wire: spec exception for a field the spec does not have: " + e.path + " " + e.field)
		}
		e.change(s)
	}
}

// specResult is what CheckSpec found.
type specResult struct {
	missing []string
	invalid *Error
}

func (r *specResult) bad(path, format string, args ...any) {
	if r.invalid == nil {
		r.invalid = New(CodeInvalidField).WithMessage(path+" "+format, args...)
	}
}

// CheckSpec checks obj, a request body to path, against the spec's
// schema for it; nil when the path has none (the emulator's own routes).
func CheckSpec(path string, obj map[string]any) (missing []string, invalid *Error) {
	s := specRequests[path]
	if s == nil {
		return nil, nil
	}
	var r specResult
	checkObject(&r, s, obj, "")
	return r.missing, r.invalid
}

func checkObject(r *specResult, s *Schema, obj map[string]any, path string) {
	for _, name := range s.Required {
		if v, ok := obj[name]; !ok || (v == nil && !s.Props[name].Nullable) {
			if name != "client_id" && name != "secret" { // credentials: the headers may carry them
				r.missing = append(r.missing, join(path, name))
			}
		}
	}
	for name, v := range obj {
		p := s.Props[name]
		if p == nil || v == nil { // unknown keys: the binder's rule; null: as absent
			continue
		}
		checkValue(r, p, v, join(path, name), name)
	}
}

func checkValue(r *specResult, s *Schema, v any, path, name string) {
	switch s.Kind {
	case KindObject:
		obj, ok := v.(map[string]any)
		if !ok {
			r.bad(path, "must be an object")
			return
		}
		checkObject(r, s, obj, path)
	case KindArray:
		arr, ok := v.([]any)
		if !ok {
			r.bad(path, "must be an array")
			return
		}
		if len(arr) < s.MinItems {
			r.bad(path, "must contain at least %d element(s)", s.MinItems)
		}
		if s.MaxItems > 0 && len(arr) > s.MaxItems {
			r.bad(path, "must contain at most %d elements", s.MaxItems)
		}
		for i, e := range arr {
			ep := fmt.Sprintf("%s[%d]", path, i)
			if e == nil {
				if !s.Items.Nullable {
					r.bad(ep, "must not be null")
				}
				continue
			}
			checkValue(r, s.Items, e, ep, name)
		}
	case KindString:
		str, ok := v.(string)
		if !ok {
			r.bad(path, "must be a string")
			return
		}
		checkSpecString(r, s, str, path)
	case KindBoolean:
		if _, ok := v.(bool); !ok {
			r.bad(path, "must be a boolean")
		}
	case KindInteger:
		n, ok := v.(json.Number)
		if !ok {
			r.bad(path, "must be an integer")
			return
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			r.bad(path, "must be an integer")
			return
		}
		checkSpecRange(r, s, float64(i), path)
	case KindNumber:
		n, ok := v.(json.Number)
		if !ok {
			r.bad(path, "must be a number")
			return
		}
		x, err := n.Float64()
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			r.bad(path, "must be a finite number")
			return
		}
		if isMoney(name) && math.Abs(x) > MaxMoney {
			r.bad(path, "must be at most %g in size", MaxMoney)
			return
		}
		checkSpecRange(r, s, x, path)
	}
}

func isMoney(name string) bool {
	return name == "amount" || name == "balance" || strings.HasSuffix(name, "_amount") || strings.HasSuffix(name, "_balance")
}

func checkSpecString(r *specResult, s *Schema, str, path string) {
	switch {
	case s.MinLen > 0 && len([]rune(str)) < s.MinLen:
		r.bad(path, "must be at least %d characters", s.MinLen)
	case s.MaxLen > 0 && len([]rune(str)) > s.MaxLen:
		r.bad(path, "must be at most %d characters", s.MaxLen)
	case len(s.Enum) > 0 && !slices.Contains(s.Enum, str):
		r.bad(path, "must be one of %v; %q is not", s.Enum, str)
	}
	switch s.Format {
	case "date":
		if _, err := time.Parse(time.DateOnly, str); err != nil {
			r.bad(path, "must be a date in YYYY-MM-DD format")
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, str); err != nil {
			r.bad(path, "must be an RFC 3339 date-time")
		}
	}
}

func checkSpecRange(r *specResult, s *Schema, x float64, path string) {
	switch {
	case s.Min != nil && s.Max != nil && (x < *s.Min || x > *s.Max):
		r.bad(path, "must be between %v and %v", *s.Min, *s.Max)
	case s.Min != nil && x < *s.Min:
		r.bad(path, "must be at least %v", *s.Min)
	case s.Max != nil && x > *s.Max:
		r.bad(path, "must be at most %v", *s.Max)
	}
}
