package wire

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
)

// parseJSON must agree with encoding/json (UseNumber) on what is valid and
// what it means.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":[1,2.5e3,-0.1,"x",true,false,null,{"b":{}}]}`, `"\u00e9\ud83d\ude00\n"`,
		`[1,]`, `{"a":}`, `01`, `1.`, `-`, `{"a":1} x`, `"\x"`, "\"a\tb\"", `[]`, `  {"k" : "v" }  `, `1e+5`, `"\ud800"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseJSON([]byte(s))
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var want any
		werr := dec.Decode(&want)
		if werr == nil {
			if _, extra := dec.Token(); extra != io.EOF { // anything after the value
				werr = errJSON
			}
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: parseJSON err %v, encoding/json err %v", s, err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: parseJSON %#v, encoding/json %#v", s, got, want)
		}
	})
}
