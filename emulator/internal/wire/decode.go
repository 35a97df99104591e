package wire

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Request checking is declared once per request type, as struct tags:
//
//	AccessToken string `json:"access_token" plaid:"required"`
//	Count       int    `json:"count" plaid:"min=1,max=500"`
//	Products    []string `json:"products" plaid:"enum=products,minitems=1"`
//
// A pointer, slice or json.RawMessage field accepts JSON null. Options are
// required, min=N, max=N, minlen=N, maxlen=N, minitems=N, maxitems=N, enum=SET (a set in
// enumSets), format=date|date-time|url.
// decodeRequest walks the JSON once, checking and assigning as it goes.

type kind int

const (
	kString kind = iota
	kBool
	kInt
	kFloat
	kSlice
	kObject
	kRaw
	kMap // a map with typed values, such as map[string]string
)

type fieldSpec struct {
	name     string
	index    []int
	required bool
	nullable bool
	ptr      bool
	t        *typeSpec
	enum     map[string]bool
	enumName string
	min, max *float64
	minLen   int
	maxLen   int
	minItems int
	maxItems int
	format   string
	elem     *fieldSpec // for slices: this field's own element constraints
}

// newFieldSpec gives a field its own constraint nodes for slice elements, so
// tags never change the shared, cached type specs.
func newFieldSpec(t *typeSpec) *fieldSpec {
	f := &fieldSpec{t: t}
	if t.kind == kSlice || t.kind == kMap {
		f.elem = newFieldSpec(t.elemT)
	}
	return f
}

type typeSpec struct {
	kind   kind
	open   bool // other keys are accepted (and ignored): the spec's additionalProperties: true
	fields map[string]*fieldSpec
	order  []*fieldSpec // declaration order, for deterministic messages
	elemT  *typeSpec    // for slices: the element type
}

// Open, as a field of a request struct (`_ wire.Open`), makes the object
// take keys it does not declare, as the spec's additionalProperties: true
// says: they are accepted and ignored, not UNKNOWN_FIELDS.
type Open struct{}

var openType = reflect.TypeFor[Open]()

// binder checks request bodies against request structs' declarations,
// caching what it learns of each type; enums are the sets tag enum=NAME names.
type binder struct {
	enums map[string]map[string]bool
	cache sync.Map // reflect.Type → *typeSpec
}

func NewBinder(enums map[string]map[string]bool) *binder { return &binder{enums: enums} }

var rawType = reflect.TypeFor[json.RawMessage]()

func (b *binder) specFor(t reflect.Type) *typeSpec {
	if s, ok := b.cache.Load(t); ok {
		return s.(*typeSpec)
	}
	s := b.buildSpec(t)
	b.cache.Store(t, s)
	return s
}

func (b *binder) buildSpec(t reflect.Type) *typeSpec {
	if t == rawType {
		return &typeSpec{kind: kRaw}
	}
	switch t.Kind() {
	case reflect.String:
		return &typeSpec{kind: kString}
	case reflect.Bool:
		return &typeSpec{kind: kBool}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return &typeSpec{kind: kInt}
	case reflect.Float64, reflect.Float32:
		return &typeSpec{kind: kFloat}
	case reflect.Slice:
		return &typeSpec{kind: kSlice, elemT: b.specFor(t.Elem())}
	case reflect.Map:
		if t.Key().Kind() == reflect.String && t.Elem().Kind() != reflect.Interface {
			return &typeSpec{kind: kMap, elemT: b.specFor(t.Elem())}
		}
		return &typeSpec{kind: kRaw}
	case reflect.Interface:
		return &typeSpec{kind: kRaw}
	case reflect.Struct:
		s := &typeSpec{kind: kObject, fields: map[string]*fieldSpec{}}
		b.addFields(s, t, nil)
		return s
	}
	panic("decode: unsupported type " + t.String())
}

func (b *binder) addFields(s *typeSpec, t reflect.Type, index []int) {
	for i := range t.NumField() {
		sf := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		if sf.Type == openType {
			s.open = true
			continue
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			b.addFields(s, sf.Type, idx)
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		ft := sf.Type
		ptr := ft.Kind() == reflect.Pointer
		if ptr {
			ft = ft.Elem()
		}
		f := newFieldSpec(b.specFor(ft))
		f.name, f.index, f.ptr = name, idx, ptr
		f.nullable = ptr || ft.Kind() == reflect.Slice || ft == rawType || ft.Kind() == reflect.Map
		b.parseTag(f, sf.Tag.Get("plaid"))
		s.fields[name] = f
		s.order = append(s.order, f)
	}
}

func (b *binder) parseTag(f *fieldSpec, tag string) {
	if tag == "" {
		return
	}
	for opt := range strings.SplitSeq(tag, ",") {
		k, v, _ := strings.Cut(opt, "=")
		num := func() float64 {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				panic("decode: bad tag " + tag)
			}
			return n
		}
		switch k {
		case "required":
			f.required = true
		case "min":
			n := num()
			f.min = &n
		case "max":
			n := num()
			f.max = &n
		case "minlen":
			f.minLen = int(num())
		case "maxlen":
			f.maxLen = int(num())
		case "minitems":
			f.minItems = int(num())
		case "maxitems":
			f.maxItems = int(num())
		case "format":
			f.format = v
		case "enum":
			set, ok := b.enums[v]
			if !ok {
				panic("decode: unknown enum set " + v)
			}
			target := f
			if f.elem != nil {
				target = f.elem
			}
			target.enum, target.enumName = set, v
		default:
			panic("decode: unknown tag option " + opt)
		}
	}
}

// checker collects what is wrong with a request body.
type checker struct {
	unknown []string
	missing []string
	invalid *Error
}

func (c *checker) bad(path, format string, args ...any) {
	if c.invalid == nil {
		c.invalid = New(CodeInvalidField).WithMessage(path+" "+format, args...)
	}
}

// ParseBody parses a request body that must be one JSON object.
func ParseBody(body []byte) (map[string]any, *Error) {
	v, err := parseJSON(body)
	if err != nil {
		return nil, New(CodeInvalidBody)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, New(CodeInvalidBody)
	}
	if _, ok := obj["public_key"]; ok {
		return nil, New(CodeIncompatibleAPIVersion)
	}
	return obj, nil
}

// Bind checks obj, a request body to path, against the spec's schema for
// the path (CheckSpec) and dst's declaration (dst points to a request
// struct), and fills dst, returning Plaid's error for anything wrong:
// UNKNOWN_FIELDS, then MISSING_FIELDS, then INVALID_FIELD, in that order
// of precedence.
func (b *binder) Bind(path string, obj map[string]any, dst any) *Error {
	rv := reflect.ValueOf(dst).Elem()
	var c checker
	c.object(obj, b.specFor(rv.Type()), rv, "")
	missing, invalid := CheckSpec(path, obj)
	for _, m := range missing {
		if !slices.Contains(c.missing, m) {
			c.missing = append(c.missing, m)
		}
	}
	if invalid != nil { // the spec's word first: it checks every field
		c.invalid = invalid
	}
	switch {
	case len(c.unknown) > 0:
		sort.Strings(c.unknown)
		return New(CodeUnknownFields, strings.Join(c.unknown, ", "))
	case len(c.missing) > 0:
		return New(CodeMissingFields, strings.Join(c.missing, ", "))
	case c.invalid != nil:
		return c.invalid
	}
	return nil
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
