package emulator_test

import (
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// The request journal holds at most JournalBytes of bodies whatever clients
// send: 60 large answers leave only the newest that fit, and a body over
// the per-body limit is kept cut, with its size.
func TestJournalIsBoundedByBytes(t *testing.T) {
	const budget, bodyLimit = 200 << 10, 16 << 10
	e := newEnv(t, func(o *emulator.Options) { o.JournalBytes, o.JournalBodyLimit = budget, bodyLimit })
	var full int
	for range 60 {
		r := e.call("/categories/get", map[string]any{}) // ~100 KiB of JSON each
		if r.status != 200 {
			t.Fatalf("categories: %d", r.status)
		}
		full = len(r.raw)
	}
	if full <= bodyLimit {
		t.Fatalf("the answer (%d bytes) is not over the body limit; the test needs a larger one", full)
	}
	j := e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil)
	if j.status != 200 || j.body["recorded"] != 60.0 {
		t.Fatalf("journal: %d recorded=%v", j.status, j.body["recorded"])
	}
	reqs := list(j.body["requests"])
	if len(reqs) == 0 || len(reqs) >= 60 {
		t.Fatalf("%d entries kept of 60", len(reqs))
	}
	held := 0
	for _, r := range reqs {
		en := obj(r)
		if en["response_truncated"] != true || en["response_bytes"] != float64(full) {
			t.Fatalf("entry %v: truncated=%v bytes=%v, want true and %d", en["id"], en["response_truncated"], en["response_bytes"], full)
		}
		s, _ := en["response"].(string) // a cut body is no longer JSON: kept as a string
		held += len(s)
	}
	if held > budget {
		t.Fatalf("the journal holds %d bytes of bodies, over its %d", held, budget)
	}
	if last := obj(reqs[len(reqs)-1]); last["id"] != 60.0 {
		t.Fatalf("the newest entry is %v, want 60", last["id"])
	}
}
