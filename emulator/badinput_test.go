package emulator_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// Every kind of bad input gets Plaid's exact error object and status, and
// nothing already stored is lost.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	jsonH := func() http.Header {
		return http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
	}
	cases := []struct {
		name    string
		path    string
		header  http.Header
		body    any
		status  int
		errType string
		code    string
		message string // substring of error_message, if set
	}{
		{"malformed JSON", "/accounts/get", jsonH(), []byte(`{"access_token":`), 400, "INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as JSON"},
		{"trailing garbage", "/accounts/get", jsonH(), []byte(`{"access_token":"x"} {}`), 400, "INVALID_REQUEST", "INVALID_BODY", ""},
		{"trailing non-JSON", "/accounts/get", jsonH(), []byte(`{"access_token":"x"} x`), 400, "INVALID_REQUEST", "INVALID_BODY", ""},
		{"deep nesting", "/accounts/get", jsonH(), []byte(`{"options":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`), 400, "INVALID_REQUEST", "INVALID_BODY", ""},
		{"JSON array body", "/accounts/get", jsonH(), []byte(`[]`), 400, "INVALID_REQUEST", "INVALID_BODY", ""},
		{"empty body", "/accounts/get", jsonH(), []byte(``), 400, "INVALID_REQUEST", "INVALID_BODY", ""},
		{"form content type", "/accounts/get", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Plaid-Client-Id": {"a"}, "Plaid-Secret": {"b"}},
			[]byte(`access_token=x`), 400, "INVALID_REQUEST", "INVALID_BODY", ""},
		{"no content type", "/accounts/get", http.Header{"Plaid-Client-Id": {"a"}, "Plaid-Secret": {"b"}}, []byte(`{}`), 400, "INVALID_REQUEST", "INVALID_HEADERS", "Content-Type"},
		{"body over 1 MiB", "/accounts/get", jsonH(), []byte(`{"access_token":"` + strings.Repeat("a", 1<<20) + `"}`), 400, "INVALID_REQUEST", "INVALID_BODY", "1 MiB"},
		{"missing field", "/accounts/get", jsonH(), map[string]any{}, 400, "INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: access_token"},
		{"missing several", "/institutions/get", jsonH(), map[string]any{"count": 1}, 400, "INVALID_REQUEST", "MISSING_FIELDS", "offset, country_codes"},
		{"null required field", "/accounts/get", jsonH(), map[string]any{"access_token": nil}, 400, "INVALID_REQUEST", "MISSING_FIELDS", "access_token"},
		{"unknown field", "/accounts/get", jsonH(), map[string]any{"access_token": it.accessToken, "acess_token": "x"}, 400, "INVALID_REQUEST", "UNKNOWN_FIELDS", "not recognized by this endpoint: acess_token"},
		{"unknown nested field", "/accounts/get", jsonH(), map[string]any{"access_token": it.accessToken, "options": map[string]any{"accounts": []string{}}}, 400, "INVALID_REQUEST", "UNKNOWN_FIELDS", "options.accounts"},
		{"wrong type string", "/accounts/get", jsonH(), map[string]any{"access_token": 42}, 400, "INVALID_REQUEST", "INVALID_FIELD", "access_token must be a string"},
		{"wrong type array", "/accounts/get", jsonH(), map[string]any{"access_token": it.accessToken, "options": map[string]any{"account_ids": "x"}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "options.account_ids"},
		{"bad enum", "/sandbox/public_token/create", jsonH(), map[string]any{"institution_id": "ins_109508", "initial_products": []string{"bogus"}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "initial_products[0]"},
		{"empty array", "/sandbox/public_token/create", jsonH(), map[string]any{"institution_id": "ins_109508", "initial_products": []string{}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "initial_products"},
		{"out of range", "/institutions/get", jsonH(), map[string]any{"count": 0, "offset": 0, "country_codes": []string{"US"}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "count must be between 1 and 500"},
		{"fraction for integer", "/institutions/get", jsonH(), map[string]any{"count": 1.5, "offset": 0, "country_codes": []string{"US"}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "count must be an integer"},
		{"negative offset", "/institutions/get", jsonH(), map[string]any{"count": 1, "offset": -1, "country_codes": []string{"US"}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "offset"},
		{"bad date", "/sandbox/public_token/create", jsonH(), map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"},
			"options": map[string]any{"transactions": map[string]any{"start_date": "2024-13-40"}}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "options.transactions.start_date"},
		{"bad date-time", "/accounts/balance/get", jsonH(), map[string]any{"access_token": it.accessToken, "options": map[string]any{"min_last_updated_datetime": "yesterday"}}, 400, "INVALID_REQUEST", "INVALID_FIELD", "min_last_updated_datetime"},
		{"unknown access token", "/accounts/get", jsonH(), map[string]any{"access_token": "access-sandbox-nope"}, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "could not find matching access token"},
		{"production access token", "/accounts/get", jsonH(), map[string]any{"access_token": strings.Replace(it.accessToken, "sandbox", "production", 1)}, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", ""},
		{"unknown public token", "/item/public_token/exchange", jsonH(), map[string]any{"public_token": "public-sandbox-nope"}, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "could not find matching public token"},
		{"unknown link token", "/link/token/get", jsonH(), map[string]any{"link_token": "link-sandbox-nope"}, 400, "INVALID_INPUT", "INVALID_LINK_TOKEN", "invalid link_token provided"},
		{"unknown institution", "/sandbox/public_token/create", jsonH(), map[string]any{"institution_id": "ins_0", "initial_products": []string{"auth"}}, 400, "INVALID_INPUT", "INVALID_INSTITUTION", "invalid institution_id provided"},
		{"unknown path", "/no/such/path", jsonH(), map[string]any{}, 404, "INVALID_REQUEST", "NOT_FOUND", "not found"},
		{"GET on a Plaid path", "/accounts/get", jsonH(), nil, 404, "INVALID_REQUEST", "NOT_FOUND", ""},
		{"no credentials", "/accounts/get", http.Header{"Content-Type": {"application/json"}}, map[string]any{"access_token": "x"}, 400, "INVALID_REQUEST", "MISSING_FIELDS", "client_id, secret"},
		{"no secret", "/accounts/get", http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"a"}}, map[string]any{"access_token": "x"}, 400, "INVALID_REQUEST", "MISSING_FIELDS", "secret"},
		{"empty client_id in body", "/accounts/get", http.Header{"Content-Type": {"application/json"}}, map[string]any{"access_token": "x", "client_id": "", "secret": "s"}, 400, "INVALID_REQUEST", "INVALID_FIELD", "client_id must be a properly formatted, non-empty string"},
		{"public_key", "/accounts/get", jsonH(), map[string]any{"access_token": "x", "public_key": "k"}, 400, "INVALID_REQUEST", "INCOMPATIBLE_API_VERSION", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPost
			if strings.HasPrefix(tc.name, "GET") {
				method = http.MethodGet
			}
			got := e.do(method, tc.path, tc.header, tc.body).plaidErr(t, tc.status, tc.errType, tc.code)
			if msg, _ := got["error_message"].(string); tc.message != "" && !strings.Contains(msg, tc.message) {
				t.Fatalf("error_message %q does not contain %q", msg, tc.message)
			}
			if !strings.HasPrefix(got["documentation_url"].(string), "https://plaid.com/docs/errors/") {
				t.Fatalf("documentation_url = %v", got["documentation_url"])
			}
		})
	}
	// After all that, the Item is intact.
	if n := len(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])); n != 12 {
		t.Fatalf("item lost accounts after bad input: %d", n)
	}
}

func TestCredentialsInBody(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	r := e.do(http.MethodPost, "/accounts/get", http.Header{"Content-Type": {"application/json"}},
		map[string]any{"client_id": testClientID, "secret": testSecret, "access_token": it.accessToken})
	r.ok(t)
}

func TestClientsListRestrictsKeys(t *testing.T) {
	set := defaultsWithClients()
	e := newEnv(t, withFixtures(set))
	e.callAs("acme", "wrong", "/institutions/get", map[string]any{"count": 1, "offset": 0, "country_codes": []string{"US"}}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_API_KEYS")
	e.callAs("acme", "acme-secret", "/institutions/get", map[string]any{"count": 1, "offset": 0, "country_codes": []string{"US"}}).ok(t)
	// One client's Item is invisible to another.
	pt := e.callAs("acme", "acme-secret", "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).ok(t)["public_token"]
	at := e.callAs("acme", "acme-secret", "/item/public_token/exchange", map[string]any{"public_token": pt}).ok(t)["access_token"]
	for _, p := range []string{"/item/get", "/accounts/get", "/auth/get", "/identity/get", "/identity/match", "/transactions/recurring/get", "/liabilities/get", "/investments/holdings/get", "/signal/prepare", "/statements/list",
		"/sandbox/item/reset_login", "/item/access_token/invalidate", "/item/remove"} {
		e.callAs("globex", "globex-secret", p, map[string]any{"access_token": at}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	}
	e.callAs("acme", "acme-secret", "/auth/get", map[string]any{"access_token": at}).ok(t)
}

func TestErrorPasswords(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ password, errType, code string }{
		{"error_INVALID_CREDENTIALS", "ITEM_ERROR", "INVALID_CREDENTIALS"},
		{"error_ITEM_LOCKED", "ITEM_ERROR", "ITEM_LOCKED"},
		{"error_NO_ACCOUNTS", "ITEM_ERROR", "NO_ACCOUNTS"},
		{"error_INSTITUTION_DOWN", "INSTITUTION_ERROR", "INSTITUTION_DOWN"},
		{"error_INSTITUTION_NOT_RESPONDING", "INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING"},
		{"wrong_password", "ITEM_ERROR", "INVALID_CREDENTIALS"},
	} {
		e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
			"options": map[string]any{"override_username": "user_good", "override_password": tc.password}}).plaidErr(t, 400, tc.errType, tc.code)
	}
	r := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_good", "override_password": "error_INTERNAL_SERVER_ERROR"}})
	r.plaidErr(t, 500, "API_ERROR", "INTERNAL_SERVER_ERROR")
	// The institution that is down fails every creation.
	e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_132361", "initial_products": []string{"auth"}}).
		plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_DOWN")
	// MFA passwords and the dynamic user work through the shortcut.
	e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_good", "override_password": "mfa_device"})
	e.link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "anything"})
}

func TestUserCustom(t *testing.T) {
	e := newEnv(t)
	cfg := `{"override_accounts":[
	  {"type":"depository","subtype":"checking","starting_balance":6543.23,"meta":{"name":"My Checking"},
	   "numbers":{"account":"1111222233335555","ach_routing":"122105155"},
	   "identity":{"names":["John Smith"],"phone_numbers":[],"emails":[],"addresses":[]}},
	  {"type":"depository","subtype":"savings","starting_balance":275649.12,"has_null_available_balance":true,
	   "numbers":{"account":"6666777788889999"}},
	  {"type":"credit","subtype":"credit card","starting_balance":120,"meta":{"limit":1500,"mask":"4242"}}]}`
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_custom", "override_password": cfg})
	got := e.call("/auth/get", map[string]any{"access_token": it.accessToken}).ok(t)
	accts, ach := list(got["accounts"]), list(obj(got["numbers"])["ach"])
	if len(accts) != 2 || obj(accts[0])["name"] != "My Checking" || obj(obj(accts[0])["balances"])["current"] != 6543.23 ||
		obj(ach[0])["account"] != "1111222233335555" || obj(ach[0])["routing"] != "122105155" || obj(accts[0])["mask"] != "5555" {
		t.Fatalf("auth for user_custom = %s", e.call("/auth/get", map[string]any{"access_token": it.accessToken}).raw)
	}
	if obj(obj(accts[1])["balances"])["available"] != nil {
		t.Fatal("has_null_available_balance ignored")
	}
	all := list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	card := obj(all[2])
	if card["mask"] != "4242" || obj(card["balances"])["limit"] != 1500.0 || card["name"] != "Plaid Credit Card" {
		t.Fatalf("card = %v", card)
	}
	owner := obj(list(obj(list(e.call("/identity/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["owners"])[0])
	if list(owner["names"])[0] != "John Smith" {
		t.Fatalf("owner = %v", owner)
	}
	// force_error fails creation; a bad JSON password is INVALID_CREDENTIALS.
	e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_custom", "override_password": `{"force_error":"ITEM_LOCKED"}`}}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
	e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_custom", "override_password": `{not json`}}).plaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	// force_error ITEM_LOGIN_REQUIRED creates the Item already needing a login.
	li := e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_custom", "override_password": `{"force_error":"ITEM_LOGIN_REQUIRED"}`})
	e.call("/accounts/get", map[string]any{"access_token": li.accessToken}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")
	// {} gives random but deterministic accounts.
	a := e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_custom", "override_password": `{}`})
	b := e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_custom", "override_password": `{}`})
	ab := list(e.call("/auth/get", map[string]any{"access_token": a.accessToken}).ok(t)["accounts"])
	bb := list(e.call("/auth/get", map[string]any{"access_token": b.accessToken}).ok(t)["accounts"])
	if len(ab) != 2 || !bytes.Equal(mustJSON(obj(ab[0])["balances"]), mustJSON(obj(bb[0])["balances"])) {
		t.Fatalf("user_custom {} is not deterministic: %v vs %v", ab, bb)
	}
}
