package emulator_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// keysOf is m's keys, sorted.
func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// TestProgramAPIAnswersAsItsDocumentSays holds each answer of the Program
// API to the registration document's shapes, key for key: the account
// with its item and bank_account, the profile's items under "items" with
// is_login_required as the strings "true"/"false" (null unless asked),
// select_accounts as a string or a boolean; errors are a code and a
// message in words, never the decoder's text; with --admin-token every
// route needs the token.
func TestProgramAPIAnswersAsItsDocumentSays(t *testing.T) {
	const token = "program-admin-token"
	e := newEnv(t, func(o *emulator.Options) { o.ProgramAPI, o.AdminToken = true, token })
	auth := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + token}}
	prog := func(method, path string, body any) result { t.Helper(); return e.do(method, path, auth.Clone(), body) }

	// Without the token: 401 in the Program API's own error shape, for every route.
	for _, r := range []struct{ method, path string }{{"POST", "/plaid/links"}, {"POST", "/plaid/items"}, {"GET", "/plaid/accounts/x"},
		{"GET", "/profiles/" + demoProfile + "/plaid/items"}, {"POST", "/plaid/items/x/links"}, {"PATCH", "/plaid/items/x"}} {
		for _, h := range []http.Header{{"Content-Type": {"application/json"}}, {"Content-Type": {"application/json"}, "Authorization": {"Bearer wrong"}}} {
			got := e.do(r.method, r.path, h, map[string]any{"profile_id": demoProfile})
			if got.status != 401 || obj(got.body["error"])["code"] != "unauthorized" || obj(got.body["error"])["message"] == "" {
				t.Errorf("%s %s without the token: %d %s", r.method, r.path, got.status, got.raw)
			}
		}
	}

	lt := prog(http.MethodPost, "/plaid/links", map[string]any{"profile_id": demoProfile})
	done := e.completeLink(map[string]any{"link_token": lt.body["link_token"], "account_ids": []string{"0000", "1111"}}).ok(t)
	item := prog(http.MethodPost, "/plaid/items", map[string]any{"profile_id": demoProfile, "plaid_public_token": done["public_token"]})
	wantItem := []string{"bank_accounts", "is_login_required", "plaid_institution_name", "plaid_item_id"}
	wantAccount := []string{"account_number_last_four", "id", "profile_id", "routing_number", "status", "type"}
	if got := keysOf(item.body); item.status != 200 || !slices.Equal(got, wantItem) {
		t.Fatalf("POST /plaid/items keys %v, want %v: %s", got, wantItem, item.raw)
	}
	ba := obj(list(item.body["bank_accounts"])[0])
	if got := keysOf(ba); !slices.Equal(got, wantAccount) {
		t.Fatalf("bank account keys %v, want %v", got, wantAccount)
	}

	acct := prog(http.MethodGet, "/plaid/accounts/"+ba["id"].(string), nil)
	if got := keysOf(acct.body); !slices.Equal(got, []string{"bank_account", "plaid_institution_name", "plaid_item_id"}) {
		t.Fatalf("GET /plaid/accounts keys %v: %s", got, acct.raw)
	}
	inner := obj(acct.body["bank_account"])
	if got := keysOf(inner); !slices.Equal(got, wantAccount) || inner["type"] != "CHECKING" || inner["status"] != "OPEN" ||
		acct.body["plaid_institution_name"] != "First Platypus Bank" {
		t.Fatalf("the account: %s", acct.raw)
	}

	for q, want := range map[string]any{"?include_login_status=true": "false", "?include_login_status=false": nil, "": nil} {
		l := prog(http.MethodGet, "/profiles/"+demoProfile+"/plaid/items"+q, nil)
		items := list(l.body["items"])
		if l.status != 200 || !slices.Equal(keysOf(l.body), []string{"items"}) || len(items) != 1 || !slices.Equal(keysOf(obj(items[0])), wantItem) ||
			obj(items[0])["is_login_required"] != want {
			t.Fatalf("profile items%s: %s", q, l.raw)
		}
	}
	if bad := prog(http.MethodGet, "/profiles/"+demoProfile+"/plaid/items?include_login_status=yes", nil); bad.status != 400 ||
		!strings.Contains(obj(bad.body["error"])["message"].(string), "include_login_status") {
		t.Fatalf("include_login_status=yes: %d %s", bad.status, bad.raw)
	}

	itemID := item.body["plaid_item_id"].(string)
	for _, sel := range []any{"true", "false", true, false} {
		if r := prog(http.MethodPost, "/plaid/items/"+itemID+"/links", map[string]any{"select_accounts": sel}); r.status != 200 {
			t.Errorf("select_accounts %#v: %d %s", sel, r.status, r.raw)
		}
	}
	for body, want := range map[string]string{
		`{"select_accounts": "yes"}`:       `select_accounts must be "true" or "false"`,
		`{"select_accounts": 1}`:           `select_accounts must be "true" or "false"`,
		`{"select_accounts": true, "x":1}`: "x is not a field of this request",
		`{`:                                "the body is not valid JSON",
		`[]`:                               "the body must be a JSON object",
	} {
		r := prog(http.MethodPost, "/plaid/items/"+itemID+"/links", []byte(body))
		if r.status != 400 || obj(r.body["error"])["message"] != want {
			t.Errorf("%s: %d %s, want %q", body, r.status, r.raw, want)
		}
	}
	for body, want := range map[string]string{
		`{"profile_id": {"a": 1}}`:                                 "profile_id must be a string",
		`{"profile_id": "` + demoProfile + `", "redirect_uri": 5}`: "redirect_uri must be a string",
	} {
		r := prog(http.MethodPost, "/plaid/links", []byte(body))
		msg, _ := obj(r.body["error"])["message"].(string)
		if r.status != 400 || msg != want || strings.Contains(msg, "Go") || strings.Contains(msg, "json:") {
			t.Errorf("%s: %d %s, want %q", body, r.status, r.raw, want)
		}
	}
}
