package wire

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// The checker's walk over a request body: objects, values, strings and
// ranges, each against what the request struct declares.

func (c *checker) object(obj map[string]any, s *typeSpec, dst reflect.Value, path string) {
	for k := range obj {
		if _, ok := s.fields[k]; !ok && !s.open {
			c.unknown = append(c.unknown, join(path, k))
		}
	}
	for _, f := range s.order {
		v, present := obj[f.name]
		p := join(path, f.name)
		if !present || (v == nil && !f.nullable) {
			if f.required {
				c.missing = append(c.missing, p)
			}
			continue
		}
		fv := dst.FieldByIndex(f.index)
		if v == nil {
			if f.required && f.t.kind != kRaw { // a required field given null is missing, as Plaid says
				c.missing = append(c.missing, p)
			}
			continue
		}
		if f.ptr {
			fv.Set(reflect.New(fv.Type().Elem()))
			fv = fv.Elem()
		}
		c.value(v, f, fv, p)
	}
}

func (c *checker) value(v any, f *fieldSpec, dst reflect.Value, path string) {
	switch f.t.kind {
	case kRaw:
		b, _ := json.Marshal(v)
		if dst.Type() == rawType {
			dst.SetBytes(b)
		} else if dst.Kind() == reflect.Interface {
			dst.Set(reflect.ValueOf(v))
		} else if dst.Kind() == reflect.Map {
			m, ok := v.(map[string]any)
			if !ok || !reflect.TypeOf(m).ConvertibleTo(dst.Type()) {
				c.bad(path, "must be an object")
				return
			}
			dst.Set(reflect.ValueOf(m).Convert(dst.Type()))
		}
	case kString:
		s, ok := v.(string)
		if !ok {
			c.bad(path, "must be a string")
			return
		}
		c.checkString(s, f, path)
		dst.SetString(s)
	case kBool:
		b, ok := v.(bool)
		if !ok {
			c.bad(path, "must be a boolean")
			return
		}
		dst.SetBool(b)
	case kInt:
		n, ok := v.(json.Number)
		if !ok {
			c.bad(path, "must be an integer")
			return
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			c.bad(path, "must be an integer")
			return
		}
		c.checkRange(float64(i), f, path)
		dst.SetInt(i)
	case kFloat:
		n, ok := v.(json.Number)
		if !ok {
			c.bad(path, "must be a number")
			return
		}
		x, err := n.Float64()
		if err != nil {
			c.bad(path, "must be a number")
			return
		}
		c.checkRange(x, f, path)
		dst.SetFloat(x)
	case kSlice:
		arr, ok := v.([]any)
		if !ok {
			c.bad(path, "must be an array")
			return
		}
		if len(arr) < f.minItems {
			c.bad(path, "must contain at least %d element(s)", f.minItems)
		}
		if f.maxItems > 0 && len(arr) > f.maxItems {
			c.bad(path, "must contain at most %d elements", f.maxItems)
		}
		sl := reflect.MakeSlice(dst.Type(), len(arr), len(arr))
		for i, e := range arr {
			ep := fmt.Sprintf("%s[%d]", path, i)
			if e == nil {
				c.bad(ep, "must not be null")
				continue
			}
			c.value(e, f.elem, sl.Index(i), ep)
		}
		dst.Set(sl)
	case kObject:
		obj, ok := v.(map[string]any)
		if !ok {
			c.bad(path, "must be an object")
			return
		}
		c.object(obj, f.t, dst, path)
	case kMap:
		obj, ok := v.(map[string]any)
		if !ok {
			c.bad(path, "must be an object")
			return
		}
		m := reflect.MakeMapWithSize(dst.Type(), len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) { // errors in key order
			ep := path + "." + k
			if obj[k] == nil {
				c.bad(ep, "must not be null")
				continue
			}
			ev := reflect.New(dst.Type().Elem()).Elem()
			c.value(obj[k], f.elem, ev, ep)
			m.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), ev)
		}
		dst.Set(m)
	}
}

func (c *checker) checkString(s string, f *fieldSpec, path string) {
	if f.minLen > 0 && len(s) < f.minLen {
		if f.minLen == 1 {
			c.bad(path, "must be a non-empty string")
		} else {
			c.bad(path, "must be at least %d characters", f.minLen)
		}
	}
	if f.maxLen > 0 && len(s) > f.maxLen {
		c.bad(path, "must be at most %d characters", f.maxLen)
	}
	if f.enum != nil && !f.enum[s] {
		c.bad(path, "must be one of the values of %s; %q is not", f.enumName, s)
	}
	switch f.format {
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			c.bad(path, "must be a date in YYYY-MM-DD format")
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			c.bad(path, "must be an RFC 3339 date-time")
		}
	case "url":
		if s != "" && !WebhookURL(s) {
			c.bad(path, "must be an http or https URL with a host, at most %d characters", MaxURLLength)
		}
	}
}

func (c *checker) checkRange(x float64, f *fieldSpec, path string) {
	lo, hi := f.min, f.max
	switch {
	case lo != nil && hi != nil && (x < *lo || x > *hi):
		c.bad(path, "must be between %v and %v", *lo, *hi)
	case lo != nil && x < *lo:
		c.bad(path, "must be at least %v", *lo)
	case hi != nil && x > *hi:
		c.bad(path, "must be at most %v", *hi)
	}
}
