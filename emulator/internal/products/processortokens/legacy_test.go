package processortokens_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// legacyPost sends a form or JSON body to /exchange_token.
func legacyPost(e *plaidtest.Env, form url.Values, asJSON bool) plaidtest.Result {
	e.TB.Helper()
	if asJSON {
		m := map[string]any{}
		for k := range form {
			m[k] = form.Get(k)
		}
		return e.Do(http.MethodPost, "/exchange_token", http.Header{"Content-Type": {"application/json"}}, m)
	}
	return e.Do(http.MethodPost, "/exchange_token", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte(form.Encode()))
}

func TestLegacyExchangeToken(t *testing.T) {
	set := fixtures.Merge(plaidtest.DefaultsWithClients(), &fixtures.Set{Clients: []fixtures.Client{{ClientID: "apex_app", Secret: "apex_secret", LegacyPartner: "apex"}}})
	e := plaidtest.New(t, plaidtest.WithFixtures(set))
	publicToken := func(client, secret string) string {
		return e.CallAs(client, secret, "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).OK(t)["public_token"].(string)
	}
	for _, asJSON := range []bool{false, true} {
		// Without account_id: just the access token.
		r := legacyPost(e, url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {publicToken("acme", "acme-secret")}}, asJSON)
		body := r.OK(t)
		if !plaidtest.AccessPattern.MatchString(body["access_token"].(string)) || body["sandbox"] != true || body["stripe_bank_account_token"] != nil {
			t.Fatalf("legacy exchange = %s", r.Raw)
		}
		// An account_id that is not the exchanged Item's: INVALID_ACCOUNT_ID,
		// and the public token stays usable.
		acct := plaidtest.Obj(plaidtest.List(e.CallAs("acme", "acme-secret", "/accounts/get", map[string]any{"access_token": body["access_token"]}).OK(t)["accounts"])[0])["account_id"].(string)
		fresh := publicToken("acme", "acme-secret")
		r = legacyPost(e, url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {fresh}, "account_id": {acct}}, asJSON)
		if r.Status != 400 || r.Body["error_code"] != "INVALID_ACCOUNT_ID" {
			t.Fatalf("foreign account_id: %s", r.Raw)
		}
		legacyPost(e, url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {fresh}}, asJSON).OK(t)
	}
	pt := publicToken("acme", "acme-secret")
	legacyPost(e, url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {pt}}, false).OK(t)
	// Consumed: the same public token again is INVALID_PUBLIC_TOKEN, with the legacy code.
	again := legacyPost(e, url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {pt}}, false)
	if again.Status != 400 || again.Body["error_code"] != "INVALID_PUBLIC_TOKEN" || again.Body["code"] != 1106.0 || again.Body["message"] == nil {
		t.Fatalf("reuse = %d %s", again.Status, again.Raw)
	}
	if r := legacyPost(e, url.Values{"client_id": {"acme"}, "secret": {"wrong"}, "public_token": {pt}}, true); r.Body["error_code"] != "INVALID_API_KEYS" {
		t.Fatalf("bad keys = %s", r.Raw)
	}
	if r := legacyPost(e, url.Values{"secret": {"x"}, "public_token": {pt}}, false); r.Body["error_code"] != "MISSING_FIELDS" || r.Body["code"] != 1100.0 {
		t.Fatalf("no client_id = %s", r.Raw)
	}
}

// TestLegacyExchangePartnerTokens: the account of the exchanged Item gets a
// btok_ by default, and an Apex processor token for a client set up for Apex.
func TestLegacyExchangePartnerTokens(t *testing.T) {
	set := fixtures.Merge(plaidtest.DefaultsWithClients(), &fixtures.Set{Clients: []fixtures.Client{{ClientID: "apex_app", Secret: "apex_secret", LegacyPartner: "apex"}}})
	e := plaidtest.New(t, plaidtest.WithFixtures(set))
	for _, tc := range []struct{ client, secret, field string }{{"acme", "acme-secret", "stripe_bank_account_token"}, {"apex_app", "apex_secret", "processor_token"}} {
		// Accounts ids are known after Link; headless Link gives them with the public token.
		lt := e.CallAs(tc.client, tc.secret, "/link/token/create", map[string]any{"client_name": "A", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}).OK(t)["link_token"]
		done := e.CompleteLink(map[string]any{"link_token": lt}).OK(t)
		acct := plaidtest.Obj(plaidtest.List(plaidtest.Obj(done["metadata"])["accounts"])[0])["id"].(string)
		r := legacyPost(e, url.Values{"client_id": {tc.client}, "secret": {tc.secret}, "public_token": {done["public_token"].(string)}, "account_id": {acct}}, false).OK(t)
		tok, _ := r[tc.field].(string)
		if tc.field == "processor_token" && !plaidtest.ProcessorPattern.MatchString(tok) || tc.field != "processor_token" && !plaidtest.StripePattern.MatchString(tok) {
			t.Fatalf("%s: %v", tc.client, r)
		}
		if tc.field == "processor_token" {
			e.CallAs("globex", "globex-secret", "/processor/auth/get", map[string]any{"processor_token": tok}).OK(t)
		}
	}
}
