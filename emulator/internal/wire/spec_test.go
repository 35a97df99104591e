package wire

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/plaid-emulator/plaid-emulator/internal/specfile"
	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// TestSpecTableCoversTheSpec: every path of the route table has a schema
// in specRequests, and every property the spec gives its request body, at
// any depth, is in the table with its type, required list and enum; so no
// field of a served request goes unchecked. Regenerate with
// `go generate ./emulator/internal/wire` when it fails.
func TestSpecTableCoversTheSpec(t *testing.T) {
	found := specfile.Find()
	spec := found.Path
	if spec == "" {
		t.Fatal("Plaid's OpenAPI spec not found: " + found.Err)
	}
	if found.Fallback {
		testnote.Skip(t, specfile.NotCurrent)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	served, err := specfile.ServedPaths("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(served) < 100 {
		t.Fatalf("%d served paths found in the product modules", len(served))
	}
	fields := 0
	for _, p := range served {
		s := specRequests[p]
		if s == nil && doc.Paths.Find(p) == nil && slices.Contains(NewerPaths, p) {
			continue // newer than the spec: plaidtest holds it to plaid-node 47's typings
		}
		if s == nil {
			t.Errorf("%s: no schema in the table", p)
			continue
		}
		body := doc.Paths.Find(p).Post.RequestBody.Value.Content.Get("application/json").Schema
		want := body.Value
		if slices.Contains(newerUserIDPaths, p) { // plaid-node 47 takes user_id for user_token (gen's newerUserID)
			c := *want
			c.Required = slices.DeleteFunc(slices.Clone(c.Required), func(f string) bool { return f == "user_token" })
			c.Properties = maps.Clone(c.Properties)
			if c.Properties["user_id"] == nil {
				c.Properties["user_id"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
			}
			want = &c
		}
		if extra := newerFieldPaths[p]; len(extra) > 0 { // plaid-node 47's optional fields (gen's newerFields)
			c := *want
			c.Properties = maps.Clone(c.Properties)
			for _, f := range extra {
				if c.Properties[f] == nil {
					c.Properties[f] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
				}
			}
			want = &c
		}
		fields += compare(t, p, "", want, s, 0)
	}
	t.Logf("%d paths, %d fields compared", len(served), fields)
}

// compare checks the table's s against the spec's x at path; it returns
// how many fields it compared.
func compare(t *testing.T, route, path string, x *openapi3.Schema, s *Schema, depth int) int {
	t.Helper()
	if x == nil || depth > 12 {
		return 0
	}
	props, required := map[string]*openapi3.SchemaRef{}, slices.Clone(x.Required)
	var merge func(*openapi3.Schema)
	merge = func(y *openapi3.Schema) {
		for k, v := range y.Properties {
			props[k] = v
		}
		for _, part := range y.AllOf {
			if part.Value != nil {
				required = append(required, part.Value.Required...)
				merge(part.Value)
			}
		}
	}
	merge(x)
	n := 0
	if len(x.OneOf)+len(x.AnyOf) > 0 {
		return 0 // not checked beyond being present
	}
	if len(props) > 0 {
		if s.Kind != KindObject {
			t.Errorf("%s %s: the spec has an object, the table kind %d", route, path, s.Kind)
			return 0
		}
		slices.Sort(required)
		required = slices.Compact(required)
		if !slices.Equal(required, s.Required) {
			t.Errorf("%s %s: required %v in the spec, %v in the table", route, path, required, s.Required)
		}
		for k, v := range props {
			sub := s.Props[k]
			if sub == nil {
				t.Errorf("%s %s: property %s missing from the table", route, path, k)
				continue
			}
			n += 1 + compare(t, route, strings.TrimPrefix(path+"."+k, "."), v.Value, sub, depth+1)
		}
		return n
	}
	typ := x.Type
	if typ == nil && len(x.AllOf) > 0 && x.AllOf[0].Value != nil {
		x, typ = x.AllOf[0].Value, x.AllOf[0].Value.Type
	}
	want := map[string]Kind{"array": KindArray, "string": KindString, "integer": KindInteger, "number": KindNumber, "boolean": KindBoolean}
	for name, k := range want {
		if typ != nil && typ.Is(name) && s.Kind != k {
			t.Errorf("%s %s: %s in the spec, kind %d in the table", route, path, name, s.Kind)
		}
	}
	if typ != nil && typ.Is("string") {
		var enum []string
		mixed := false // an enum of strings and numbers is not checked
		for _, e := range x.Enum {
			if str, ok := e.(string); ok {
				enum = append(enum, str)
			} else if e != nil {
				mixed = true
			}
		}
		// The table's enum is the spec's, then what plaid-node 47 adds (the generator's newerEnums).
		if len(enum) > 0 && !mixed && !(len(s.Enum) >= len(enum) && slices.Equal(enum, s.Enum[:len(enum)])) && !(route == "/processor/token/create" && path == "processor") {
			t.Errorf("%s %s: enum %v in the spec, %v in the table", route, path, enum, s.Enum)
		}
	}
	if typ != nil && typ.Is("array") && x.Items != nil && s.Items != nil {
		n += compare(t, route, path+"[]", x.Items.Value, s.Items, depth+1)
	}
	return n
}

// newerFieldPaths are the paths of gen's newerFields schemas, with the fields.
var newerFieldPaths = map[string][]string{
	"/cra/check_report/base_report/get":     {"report_id", "consumer_report_permissible_purpose"},
	"/cra/check_report/income_insights/get": {"report_id", "consumer_report_permissible_purpose"},
}

// newerUserIDPaths are the paths of gen's newerUserID schemas.
var newerUserIDPaths = []string{"/credit/sessions/get", "/credit/bank_income/pdf/get", "/credit/employment/get",
	"/credit/payroll_income/refresh", "/credit/payroll_income/parsing_config/update", "/credit/bank_statements/uploads/get"}
