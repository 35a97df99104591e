package statedb

import (
	"errors"
	"sync"
	"testing"
)

// TestBundleRoundTrip: a bundle gives back its head and every record as
// written (a nil value stays nil, an empty one empty), in order or in
// parallel; a cut or foreign value is ErrCorruptBundle, not a panic.
func TestBundleRoundTrip(t *testing.T) {
	recs := []Record{{Kind: "item", ID: "a", Value: []byte(`{"x":1}`)}, {Kind: "tx", ID: "a", Value: []byte{}}, {Kind: "gone", ID: "b"}}
	var sized int
	b := EncodeBundle(func(size int) any { sized = size; return map[string]int{"n": len(recs)} }, recs)
	if sized < len(b) {
		t.Fatalf("the size given the head (%d) is less than the bundle (%d)", sized, len(b))
	}
	var head map[string]int
	if _, err := BundleHead(b, &head); err != nil || head["n"] != 3 {
		t.Fatalf("head %v, %v", head, err)
	}
	var got []Record
	if err := DecodeBundle(b, func(r Record) error { got = append(got, r); return nil }); err != nil || len(got) != 3 {
		t.Fatalf("decoded %v, %v", got, err)
	}
	if string(got[0].Value) != `{"x":1}` || got[1].Value == nil || len(got[1].Value) != 0 || got[2].Value != nil || got[2].Kind != "gone" {
		t.Fatalf("records changed: %#v", got)
	}
	var mu sync.Mutex
	n := 0
	if err := DecodeBundleParallel(b, func(Record) error { mu.Lock(); defer mu.Unlock(); n++; return nil }); err != nil || n != 3 {
		t.Fatalf("parallel: %d records, %v", n, err)
	}
	for _, bad := range [][]byte{nil, []byte("nope"), b[:len(b)-3], b[:6]} {
		if err := DecodeBundle(bad, func(Record) error { return nil }); !errors.Is(err, ErrCorruptBundle) {
			t.Errorf("%q: %v, want ErrCorruptBundle", bad, err)
		}
	}
}
