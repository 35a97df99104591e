package emulator_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

var (
	processorPattern = plaidtest.ProcessorPattern
	btokPattern      = plaidtest.StripePattern
)

// legacyPost sends a form or JSON body to /exchange_token.
func (e *env) legacyPost(form url.Values, asJSON bool) result {
	e.tb.Helper()
	if asJSON {
		m := map[string]any{}
		for k := range form {
			m[k] = form.Get(k)
		}
		return e.do(http.MethodPost, "/exchange_token", http.Header{"Content-Type": {"application/json"}}, m)
	}
	return e.do(http.MethodPost, "/exchange_token", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte(form.Encode()))
}

func TestLegacyExchangeToken(t *testing.T) {
	set := fixtures.Merge(defaultsWithClients(), &fixtures.Set{Clients: []fixtures.Client{{ClientID: "apex_app", Secret: "apex_secret", LegacyPartner: "apex"}}})
	e := newEnv(t, withFixtures(set))
	publicToken := func(client, secret string) string {
		return e.callAs(client, secret, "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).ok(t)["public_token"].(string)
	}
	for _, asJSON := range []bool{false, true} {
		// Without account_id: just the access token.
		r := e.legacyPost(url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {publicToken("acme", "acme-secret")}}, asJSON)
		body := r.ok(t)
		if !accessPattern.MatchString(body["access_token"].(string)) || body["sandbox"] != true || body["stripe_bank_account_token"] != nil {
			t.Fatalf("legacy exchange = %s", r.raw)
		}
		// An account_id that is not the exchanged Item's: INVALID_ACCOUNT_ID,
		// and the public token stays usable.
		acct := obj(list(e.callAs("acme", "acme-secret", "/accounts/get", map[string]any{"access_token": body["access_token"]}).ok(t)["accounts"])[0])["account_id"].(string)
		fresh := publicToken("acme", "acme-secret")
		r = e.legacyPost(url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {fresh}, "account_id": {acct}}, asJSON)
		if r.status != 400 || r.body["error_code"] != "INVALID_ACCOUNT_ID" {
			t.Fatalf("foreign account_id: %s", r.raw)
		}
		e.legacyPost(url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {fresh}}, asJSON).ok(t)
	}
	pt := publicToken("acme", "acme-secret")
	e.legacyPost(url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {pt}}, false).ok(t)
	// Consumed: the same public token again is INVALID_PUBLIC_TOKEN, with the legacy code.
	again := e.legacyPost(url.Values{"client_id": {"acme"}, "secret": {"acme-secret"}, "public_token": {pt}}, false)
	if again.status != 400 || again.body["error_code"] != "INVALID_PUBLIC_TOKEN" || again.body["code"] != 1106.0 || again.body["message"] == nil {
		t.Fatalf("reuse = %d %s", again.status, again.raw)
	}
	if r := e.legacyPost(url.Values{"client_id": {"acme"}, "secret": {"wrong"}, "public_token": {pt}}, true); r.body["error_code"] != "INVALID_API_KEYS" {
		t.Fatalf("bad keys = %s", r.raw)
	}
	if r := e.legacyPost(url.Values{"secret": {"x"}, "public_token": {pt}}, false); r.body["error_code"] != "MISSING_FIELDS" || r.body["code"] != 1100.0 {
		t.Fatalf("no client_id = %s", r.raw)
	}
}

// TestLegacyExchangePartnerTokens: the account of the exchanged Item gets a
// btok_ by default, and an Apex processor token for a client set up for Apex.
func TestLegacyExchangePartnerTokens(t *testing.T) {
	set := fixtures.Merge(defaultsWithClients(), &fixtures.Set{Clients: []fixtures.Client{{ClientID: "apex_app", Secret: "apex_secret", LegacyPartner: "apex"}}})
	e := newEnv(t, withFixtures(set))
	for _, tc := range []struct{ client, secret, field string }{{"acme", "acme-secret", "stripe_bank_account_token"}, {"apex_app", "apex_secret", "processor_token"}} {
		// Accounts ids are known after Link; headless Link gives them with the public token.
		lt := e.callAs(tc.client, tc.secret, "/link/token/create", map[string]any{"client_name": "A", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}).ok(t)["link_token"]
		done := e.completeLink(map[string]any{"link_token": lt}).ok(t)
		acct := obj(list(obj(done["metadata"])["accounts"])[0])["id"].(string)
		r := e.legacyPost(url.Values{"client_id": {tc.client}, "secret": {tc.secret}, "public_token": {done["public_token"].(string)}, "account_id": {acct}}, false).ok(t)
		tok, _ := r[tc.field].(string)
		if tc.field == "processor_token" && !processorPattern.MatchString(tok) || tc.field != "processor_token" && !btokPattern.MatchString(tok) {
			t.Fatalf("%s: %v", tc.client, r)
		}
		if tc.field == "processor_token" {
			e.callAs("globex", "globex-secret", "/processor/auth/get", map[string]any{"processor_token": tok}).ok(t)
		}
	}
}
