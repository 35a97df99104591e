package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// AnswerProblems lists where an answer to path departs from the spec's 200
// response schema (required keys missing, null where a value belongs, a
// value of the wrong kind, a string outside its enum), each in words; nil
// when it matches or the spec has no schema for the path. A scenario's
// patch is checked with it, so that a patched answer that the official
// clients may not parse is flagged.
func AnswerProblems(path string, body []byte) []string {
	s := specResponses[path]
	if s == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []string{"the answer is not JSON"}
	}
	var out []string
	checkAnswer(&out, s, v, "")
	return out
}

func checkAnswer(out *[]string, s *Schema, v any, path string) {
	at := path
	if at == "" {
		at = "the answer"
	}
	if v == nil {
		if !s.Nullable && s.Kind != KindAny {
			*out = append(*out, at+" must not be null")
		}
		return
	}
	switch s.Kind {
	case KindObject:
		obj, ok := v.(map[string]any)
		if !ok {
			*out = append(*out, at+" must be an object")
			return
		}
		for _, name := range s.Required {
			if _, ok := obj[name]; !ok {
				*out = append(*out, join(path, name)+" is required")
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p := s.Props[k]; p != nil {
				checkAnswer(out, p, obj[k], join(path, k))
			}
		}
	case KindArray:
		arr, ok := v.([]any)
		if !ok {
			*out = append(*out, at+" must be an array")
			return
		}
		for i, e := range arr {
			checkAnswer(out, s.Items, e, fmt.Sprintf("%s[%d]", path, i))
		}
	case KindString, KindBoolean, KindInteger, KindNumber:
		var r specResult
		checkValue(&r, s, v, at, "")
		if r.invalid != nil {
			*out = append(*out, r.invalid.ErrorMessage)
		}
	}
}
