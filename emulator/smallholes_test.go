package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestJournalKeepsUnknownPathBodies: a call to a path the emulator does not
// serve is journalled with its body, so "what did my app call that you
// don't serve?" has an answer.
func TestJournalKeepsUnknownPathBodies(t *testing.T) {
	e := newEnv(t)
	e.call("/beacon/user/create", map[string]any{"program_id": "becprg_1", "client_user_id": "u"}).plaidErr(t, 404, "INVALID_REQUEST", "NOT_FOUND")
	reqs := list(e.do(http.MethodGet, "/_emulator/requests?path=/beacon/user/create", http.Header{}, nil).body["requests"])
	if len(reqs) != 1 || obj(obj(reqs[0])["request"])["program_id"] != "becprg_1" || obj(reqs[0])["status"] != float64(404) {
		t.Fatalf("journal of an unknown path: %v", reqs)
	}
}

// TestWrongContentTypeNamesTheHeader: a body sent as a form is refused for
// its Content-Type, named, not blamed on the body's JSON.
func TestWrongContentTypeNamesTheHeader(t *testing.T) {
	e := newEnv(t)
	r := e.do(http.MethodPost, "/accounts/get", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}},
		[]byte(`{"access_token":"x"}`))
	r.plaidErr(t, 400, "INVALID_REQUEST", "INVALID_BODY")
	if msg := r.body["error_message"].(string); !strings.Contains(msg, "Content-Type") || !strings.Contains(msg, "application/x-www-form-urlencoded") || strings.Contains(msg, "parsed as JSON") {
		t.Fatalf("message %q", msg)
	}
}

// TestNullBodyWhereNothingIsRequired: plaid-go sends the JSON null for
// /categories/get; it is answered, and a null body elsewhere names the
// fields the path requires.
func TestNullBodyWhereNothingIsRequired(t *testing.T) {
	e := newEnv(t)
	send := func(path string) (int, map[string]any) { // not through the spec check: null is not the schema's object
		resp, raw := e.send(http.DefaultClient, path, []byte("null"))
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp.StatusCode, out
	}
	if status, out := send("/categories/get"); status != 200 || len(list(out["categories"])) < 100 {
		t.Fatalf("/categories/get with null: %d %v", status, out["error_message"])
	}
	if status, out := send("/accounts/get"); status != 400 || out["error_code"] != "MISSING_FIELDS" || !strings.Contains(out["error_message"].(string), "access_token") {
		t.Fatalf("/accounts/get with null: %d %v", status, out)
	}
}
