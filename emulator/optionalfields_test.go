package emulator_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// TestEveryOptionalFieldIsAccepted builds, for every Plaid path the
// emulator serves, a request with every field of its schema set, optional
// ones included, to a valid value drawn from the spec (enums, formats,
// bounds, maps, arrays, nested objects), the ids among them made real by
// fieldValues. No answer may be INVALID_FIELD or UNKNOWN_FIELDS: a field
// Plaid accepts, the emulator accepts. It counts the paths and fails when
// one served path was not sent.
func TestEveryOptionalFieldIsAccepted(t *testing.T) {
	doc := loadSpec(t)
	e := newEnv(t)
	fx := newFieldFixture(t, e)
	var sent, skipped []string
	for _, path := range e.srv.PlaidPaths() {
		pi := doc.Paths.Find(path)
		if (pi == nil || pi.Post == nil) && slices.Contains(wire.NewerPaths, path) {
			// Newer than the spec: its fields (all required) come from the overrides.
			body := map[string]any{}
			for k, v := range pathOverrides[path] {
				body[k] = v(fx)
			}
			if status, answer := e.post(path, body); status != 200 {
				t.Errorf("%s (plaid-node 47's): %d %v\nbody: %s", path, status, answer["error_message"], mustJSON(body))
			}
			sent = append(sent, path)
			continue
		}
		if pi == nil || pi.Post == nil || pi.Post.RequestBody == nil {
			if plaidtest.SpecFallback() { // the older spec lacks newer paths
				skipped = append(skipped, path)
				continue
			}
			t.Errorf("%s is served but has no request schema in the spec", path)
			continue
		}
		schema := pi.Post.RequestBody.Value.Content.Get("application/json").Schema
		g := &bodyGen{fx: fx, path: path}
		body, _ := g.value(schema.Value, "", 0).(map[string]any)
		for k, v := range pathOverrides[path] {
			if x := v(fx); x == (omitField{}) || k == "" {
				delete(body, k)
			} else {
				body[k] = x
			}
		}
		status, answer := e.post(path, body)
		sent = append(sent, path)
		if code, _ := answer["error_code"].(string); code == "INVALID_FIELD" || code == "UNKNOWN_FIELDS" || code == "INVALID_BODY" {
			t.Errorf("%s with every optional field: %d %s %v\nbody: %s", path, status, code, answer["error_message"], mustJSON(body))
		}
		fx.refresh(t, path)
	}
	if len(sent)+len(skipped) != len(e.srv.PlaidPaths()) || len(sent) < 100 {
		t.Fatalf("sent %d of %d served paths (%d not in this spec)", len(sent), len(e.srv.PlaidPaths()), len(skipped))
	}
	t.Logf("%d served paths sent with every optional field; %d not in this spec", len(sent), len(skipped))
}

// bodyGen draws a valid value for a schema.
type bodyGen struct {
	fx   *fieldFixture
	path string
}

func (g *bodyGen) value(s *openapi3.Schema, name string, depth int) any {
	if s == nil {
		return nil
	}
	if v, ok := g.fx.known(g.path, name); ok {
		return v
	}
	if len(s.AllOf) > 0 {
		merged := map[string]any{}
		var scalar any
		for _, sub := range s.AllOf {
			if sub.Value.Type == nil && len(sub.Value.Properties) == 0 && len(sub.Value.AllOf)+len(sub.Value.OneOf)+len(sub.Value.AnyOf) == 0 {
				continue // a description only
			}
			v := g.value(sub.Value, name, depth)
			m, ok := v.(map[string]any)
			if !ok {
				scalar = v
				continue
			}
			for k, v := range m {
				merged[k] = v
			}
		}
		if scalar != nil && len(merged) == 0 {
			return scalar // allOf around one scalar schema
		}
		if len(s.Properties) > 0 {
			for k, v := range g.object(s, depth) {
				merged[k] = v
			}
		}
		return merged
	}
	if len(s.OneOf) > 0 {
		return g.value(s.OneOf[0].Value, name, depth)
	}
	if len(s.AnyOf) > 0 {
		return g.value(s.AnyOf[0].Value, name, depth)
	}
	if len(s.Enum) > 0 {
		for _, v := range s.Enum {
			if _, isStr := v.(string); isStr || (v != nil && !s.Type.Is("string")) {
				return v
			}
		}
		return nil // only unquoted numbers in a string enum (4.1): the spec's validator cannot take any value, so leave it out
	}
	if s.Default != nil {
		return s.Default
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		if depth > 6 {
			return map[string]any{}
		}
		if len(s.Properties) == 0 && s.AdditionalProperties.Schema != nil { // a map
			return map[string]any{"key": g.value(s.AdditionalProperties.Schema.Value, "", depth+1)}
		}
		return g.object(s, depth)
	case s.Type.Is("array"):
		n := max(1, int(s.MinItems))
		out := make([]any, n)
		for i := range out {
			out[i] = g.value(s.Items.Value, name+"[]", depth+1)
		}
		return out
	case s.Type.Is("string"):
		return g.str(s, name)
	case s.Type.Is("integer"):
		if s.Min != nil {
			return int(*s.Min)
		}
		if s.Max != nil && *s.Max < 1 {
			return int(*s.Max)
		}
		return 1
	case s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min + 1
		}
		return 1.5
	case s.Type.Is("boolean"):
		return false
	}
	return "x"
}

func (g *bodyGen) object(s *openapi3.Schema, depth int) map[string]any {
	out := map[string]any{}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range s.Properties {
			if !yield(k) {
				return
			}
		}
	}) {
		if k == "client_id" || k == "secret" {
			continue // the headers carry them
		}
		if v := g.value(s.Properties[k].Value, k, depth+1); v != nil {
			out[k] = v
		}
	}
	return out
}

func (g *bodyGen) str(s *openapi3.Schema, name string) string {
	switch s.Format {
	case "date":
		return "2026-01-15"
	case "date-time":
		return "2026-01-15T10:00:00Z"
	case "url", "uri":
		return "http://127.0.0.1:9/plaid"
	case "email":
		return "someone@example.com"
	case "uuid":
		return "4e6b2c1a-9f0e-4a7b-8c3d-2e1f0a9b8c7d"
	}
	v := "value"
	if strings.Contains(name, "currency") {
		v = "USD"
	}
	for len(v) < int(s.MinLength) {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}
