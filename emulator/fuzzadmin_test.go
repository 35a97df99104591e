package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// libraryWording is text of Go's or a library's, not ours: a type name,
// a decoder's phrase, a panic. No answer of any API may carry it.
var libraryWording = regexp.MustCompile(`Go (struct|value)|json: |yaml: |cannot unmarshal|!!(seq|map|str|int|float|bool)|invalid character|` +
	`unexpected end of JSON|runtime error|goroutine |strconv\.|\[\]string|map\[string\]|float64|int64|\*emulator|scenarios\.[A-Z]|fixtures\.[A-Z]|` +
	`dial tcp|connect: |http: |net/http`)

// adminRoutes are the admin and Program API routes the admin fuzzer
// drives (method, path with ITEM for a live Item's id), all but the ones
// that clear state whatever they are sent (reset, DELETE).
var adminRoutes = []struct{ method, path string }{
	{"GET", "/_emulator/items"}, {"GET", "/_emulator/items/ITEM"}, {"POST", "/_emulator/items/ITEM/call"},
	{"GET", "/_emulator/webhooks"}, {"POST", "/_emulator/webhooks/wh_00000001/redeliver"}, {"GET", "/_emulator/requests"},
	{"GET", "/_emulator/clock"}, {"POST", "/_emulator/clock"}, {"GET", "/_emulator/scenarios"}, {"POST", "/_emulator/scenarios"},
	{"GET", "/_emulator/triggers"}, {"POST", "/_emulator/trigger"}, {"POST", "/_emulator/link/complete"},
	{"GET", "/_emulator/link/session"}, {"POST", "/_emulator/link/accounts"}, {"POST", "/_emulator/link/oauth"}, {"GET", "/_emulator/link/oauth"},
	{"GET", "/_emulator/link/logo/ITEM.png"}, {"POST", "/_emulator/webhook_keys/rotate"},
	{"POST", "/plaid/links"}, {"POST", "/plaid/items"}, {"GET", "/plaid/accounts/ITEM"}, {"GET", "/profiles/" + demoProfile + "/plaid/items"},
	{"POST", "/plaid/items/ITEM/links"}, {"PATCH", "/plaid/items/ITEM"}, {"GET", "/_emulator/nope"}, {"POST", "/plaid/nope"},
}

// FuzzAdminRequests sends any query and body to any admin or Program API
// route. Whatever it sends: no 5xx; the answer is JSON; no answer carries
// Go's or a library's wording; and a request that fails leaves the canary
// Item as it was.
//
//	go test -run '^$' -fuzz FuzzAdminRequests -fuzztime 10m ./emulator/
func FuzzAdminRequests(f *testing.F) {
	srv, err := emulator.New(emulator.Options{JournalSize: -1, ProgramAPI: true})
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	serve := func(method, target string, body []byte) *httptest.ResponseRecorder {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond) // a long poll's client gives up
		defer cancel()
		req := httptest.NewRequestWithContext(ctx, method, "/", bytes.NewReader(body))
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return nil // no HTTP request can carry it
		}
		req.URL, req.RequestURI = u, target
		req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var pt, ex map[string]any
	_ = json.Unmarshal(serve("POST", "/sandbox/public_token/create", []byte(`{"institution_id":"ins_109508","initial_products":["auth"]}`)).Body.Bytes(), &pt)
	_ = json.Unmarshal(serve("POST", "/item/public_token/exchange", []byte(`{"public_token":"`+pt["public_token"].(string)+`"}`)).Body.Bytes(), &ex)
	itemID, at := ex["item_id"].(string), ex["access_token"].(string)
	canary := func() string {
		return string(requestID.ReplaceAll(serve("POST", "/accounts/get", []byte(`{"access_token":"`+at+`"}`)).Body.Bytes(), nil))
	}
	for _, c := range []struct {
		route       int
		query, body string
	}{
		{0, "offset=9223372036854775807", ""}, {0, "offset=-1&count=abc", ""}, {5, "count=-5&status=999", ""}, {3, "offset=abc&wait=-1s", ""},
		{9, "", "scenarios:\n - name: x\n   rules:\n    - match: {paths: [/a]}\n      effect: {latency: [1,2]}\n"},
		{9, "", `{"activate": 7}`}, {7, "", `{"advance": [1]}`}, {7, "", `{"set": "yesterday"}`}, {2, "", `{"path": "/accounts/get", "body": []}`},
		{11, "", `{"trigger": {}, "item_id": "ITEM"}`}, {12, "", `{"link_token": 5}`}, {19, "", `{"profile_id": "` + demoProfile + `", "redirect_uri": {"a": 1}}`},
		{20, "", `{"profile_id": [], "plaid_public_token": null}`}, {23, "", `{"select_accounts": "maybe"}`}, {24, "", `{"plaid_bank_account_ids": "x"}`},
		{22, "include_login_status=1", ""}, {13, "link_token=%00", ""}, {16, "oauth_state_id=x&link_token=y", ""},
	} {
		f.Add(uint16(c.route), c.query, []byte(c.body))
	}
	f.Fuzz(func(t *testing.T, ri uint16, query string, body []byte) {
		r := adminRoutes[int(ri)%len(adminRoutes)]
		target := strings.ReplaceAll(r.path, "ITEM", itemID)
		if query != "" {
			target += "?" + strings.ReplaceAll(query, "#", "%23")
		}
		before := canary()
		rec := serve(r.method, target, bytes.ReplaceAll(body, []byte("ITEM"), []byte(itemID)))
		if rec == nil {
			return
		}
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", r.method, target, body, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); strings.HasPrefix(ct, "image/") {
			return
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s %q: %d and a body that is not JSON: %.300s", r.method, target, body, rec.Code, rec.Body)
		}
		if m := libraryWording.FindString(rec.Body.String()); m != "" && rec.Code != 200 {
			t.Fatalf("%s %s %q: %d carries library wording %q: %.500s", r.method, target, body, rec.Code, m, rec.Body)
		}
		if rec.Code != 200 && canary() != before {
			t.Fatalf("%s %s %q failed (%d) but changed the canary Item", r.method, target, body, rec.Code)
		}
	})
}
