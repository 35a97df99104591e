package plaidtest

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Paths newer than the spec (wire.NewerPaths, in plaid-node 47 only) are
// checked against plaid-node 47's TypeScript typings, dist/api.d.ts: the
// request and response interfaces named after the path
// (/transfer/return/recover → TransferReturnRecoverRequest and
// …Response), every required key present, no key the interface lacks, and
// each value of its declared kind (string, number, boolean, array,
// object, or null where `| null` allows it).

// typingsFile is plaid-node 47's typings, installed by npm ci in
// testdata/clients/node.
func typingsFile() string {
	return Repo("testdata/clients/node/node_modules/plaid/dist/api.d.ts")
}

type tsField struct {
	typ      string
	optional bool
}

var typings = sync.OnceValues(func() (map[string]map[string]tsField, error) {
	raw, err := os.ReadFile(typingsFile())
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]tsField{}
	iface := regexp.MustCompile(`(?m)^export interface (\w+) \{\n((?:.*\n)*?)\}`)
	field := regexp.MustCompile(`(?m)^    (\w+)(\??): ([^;]+);$`)
	for _, m := range iface.FindAllStringSubmatch(string(raw), -1) {
		fields := map[string]tsField{}
		for _, f := range field.FindAllStringSubmatch(m[2], -1) {
			fields[f[1]] = tsField{typ: f[3], optional: f[2] == "?"}
		}
		out[m[1]] = fields
	}
	return out, nil
})

// interfaceOf is the typings' name for a path's request or response.
func interfaceOf(path, suffix string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String() + suffix
}

// checkTyped holds v to interface name; it returns the first mismatch.
func checkTyped(name string, v map[string]any) error {
	all, err := typings()
	if err != nil {
		return fmt.Errorf("plaid-node's typings: %w (run npm ci in testdata/clients/node)", err)
	}
	fields, ok := all[name]
	if !ok {
		return fmt.Errorf("plaid-node's typings have no interface %s", name)
	}
	for k, f := range fields {
		if _, present := v[k]; !present && !f.optional {
			return fmt.Errorf("%s.%s is required", name, k)
		}
	}
	for k, val := range v {
		f, ok := fields[k]
		if !ok {
			return fmt.Errorf("%s has no key %s", name, k)
		}
		if err := checkKind(all, name+"."+k, f.typ, val); err != nil {
			return err
		}
	}
	return nil
}

// checkKind holds a value to a TypeScript type of the typings.
func checkKind(all map[string]map[string]tsField, at, typ string, val any) error {
	typ = strings.TrimSpace(typ)
	if alt, rest, ok := strings.Cut(typ, "|"); ok {
		if strings.TrimSpace(rest) == "null" && val == nil {
			return nil
		}
		typ = strings.TrimSpace(alt)
	}
	bad := func() error { return fmt.Errorf("%s is %T, not %s", at, val, typ) }
	switch {
	case typ == "string":
		if _, ok := val.(string); !ok {
			return bad()
		}
	case typ == "number":
		if _, ok := val.(float64); !ok {
			return bad()
		}
	case typ == "boolean":
		if _, ok := val.(bool); !ok {
			return bad()
		}
	case strings.HasPrefix(typ, "Array<"):
		list, ok := val.([]any)
		if !ok {
			return bad()
		}
		for i, item := range list {
			if err := checkKind(all, fmt.Sprintf("%s[%d]", at, i), strings.TrimSuffix(strings.TrimPrefix(typ, "Array<"), ">"), item); err != nil {
				return err
			}
		}
	case all[typ] != nil:
		obj, ok := val.(map[string]any)
		if !ok {
			return bad()
		}
		return checkTyped(typ, obj)
	default: // an enum or a type the parser does not follow: a string or an object
		switch val.(type) {
		case string, map[string]any:
		default:
			return bad()
		}
	}
	return nil
}

// CheckTyped fails t when v does not match plaid-node 47's interface name
// (for bodies newer than the spec that the conformance check holds only
// shallowly, such as a union's members).
func CheckTyped(t testing.TB, name string, v map[string]any) {
	t.Helper()
	if err := checkTyped(name, v); err != nil {
		t.Errorf("plaid-node 47's %s: %v", name, err)
	}
}
