package emulator_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/internal/specfile"
	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
	"github.com/plaid/plaid-go/v20/plaid"
)

var (
	processorPattern = regexp.MustCompile(`^processor-sandbox-` + uuidPart)
	btokPattern      = regexp.MustCompile(`^btok_[A-Za-z0-9]{20}$`)
)

// partnerClient is plaid-go with a payments partner's own keys.
func (e *env) partnerClient() *plaid.PlaidApiService {
	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", "partner_client")
	cfg.AddDefaultHeader("PLAID-SECRET", "partner_secret")
	cfg.UseEnvironment(plaid.Environment(e.url))
	cfg.HTTPClient = e.client
	return plaid.NewAPIClient(cfg).PlaidApi
}

func TestProcessorListMatchesSpec(t *testing.T) {
	doc := loadSpec(t)
	if plaidtest.SpecFallback() {
		testnote.Skip(t, specfile.NotCurrent)
	}
	enum := doc.Components.Schemas["ProcessorTokenCreateRequest"].Value.Properties["processor"].Value.Enum
	var spec []string
	for _, v := range enum {
		spec = append(spec, v.(string))
	}
	var extra []string
	for _, p := range emulator.Processors {
		if !slices.Contains(spec, p) {
			extra = append(extra, p)
		}
	}
	for _, p := range spec {
		if !slices.Contains(emulator.Processors, p) {
			t.Errorf("spec processor %q missing from emulator.Processors", p)
		}
	}
	if !slices.Equal(extra, emulator.LegacyProcessors) {
		t.Errorf("processors beyond the spec %v, want exactly the legacy ones %v", extra, emulator.LegacyProcessors)
	}
}

func TestProcessorTokensForEveryPartner(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	seen := map[string]bool{}
	for _, p := range emulator.Processors {
		tok := e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "processor": p}).ok(t)["processor_token"].(string)
		if !processorPattern.MatchString(tok) || seen[tok] {
			t.Fatalf("%s: token %q", p, tok)
		}
		seen[tok] = true
	}
	e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "processor": "stripe"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": "nope", "processor": "dwolla"}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	e.call("/processor/token/create", map[string]any{"access_token": "access-sandbox-nope", "account_id": acct, "processor": "dwolla"}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.call("/processor/auth/get", map[string]any{"processor_token": "processor-sandbox-nope"}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}

// TestProcessorFlowsBothSides: the app makes Stripe, Apex and Prime Trust
// tokens through plaid-go; a partner, with its own keys, redeems them.
func TestProcessorFlowsBothSides(t *testing.T) {
	e := newEnv(t)
	app, partner := e.plaidClient().PlaidApi, e.partnerClient()
	ctx := context.Background()
	it := e.link("ins_109508", []string{"auth", "transactions", "identity"}, nil)
	accts, _, err := app.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(it.accessToken)).Execute()
	must(t, "accounts/get", err)
	checking, card := accts.Accounts[0].GetAccountId(), accts.Accounts[3].GetAccountId()

	st, _, err := app.ProcessorStripeBankAccountTokenCreate(ctx).ProcessorStripeBankAccountTokenCreateRequest(
		*plaid.NewProcessorStripeBankAccountTokenCreateRequest(it.accessToken, checking)).Execute()
	must(t, "stripe token", err)
	if !btokPattern.MatchString(st.GetStripeBankAccountToken()) {
		t.Fatalf("stripe token %q", st.GetStripeBankAccountToken())
	}
	_, _, err = app.ProcessorStripeBankAccountTokenCreate(ctx).ProcessorStripeBankAccountTokenCreateRequest(
		*plaid.NewProcessorStripeBankAccountTokenCreateRequest(it.accessToken, card)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "INVALID_ACCOUNT_ID" || !strings.Contains(pe.GetErrorMessage(), "depository") {
		t.Fatalf("stripe on a credit card: %v", err)
	}
	apex, _, err := app.ProcessorApexProcessorTokenCreate(ctx).ProcessorApexProcessorTokenCreateRequest(
		*plaid.NewProcessorApexProcessorTokenCreateRequest(it.accessToken, checking)).Execute()
	must(t, "apex token", err)
	prime, _, err := app.ProcessorTokenCreate(ctx).ProcessorTokenCreateRequest(
		*plaid.NewProcessorTokenCreateRequest(it.accessToken, checking, "prime_trust")).Execute()
	must(t, "prime trust token", err)

	for _, tok := range []string{apex.GetProcessorToken(), prime.GetProcessorToken()} {
		auth, _, err := partner.ProcessorAuthGet(ctx).ProcessorAuthGetRequest(*plaid.NewProcessorAuthGetRequest(tok)).Execute()
		must(t, "processor/auth/get", err)
		ach := auth.Numbers.Ach.Get()
		if auth.Account.GetAccountId() != checking || ach == nil || ach.GetAccount() != "1111222233330000" || ach.GetRouting() != "011401533" || auth.Numbers.Eft.Get() != nil {
			t.Fatalf("processor auth = %+v", auth)
		}
		bal, _, err := partner.ProcessorBalanceGet(ctx).ProcessorBalanceGetRequest(*plaid.NewProcessorBalanceGetRequest(tok)).Execute()
		must(t, "processor/balance/get", err)
		if bal.Account.Balances.GetAvailable() != 100 {
			t.Fatalf("balance = %+v", bal.Account.Balances)
		}
		acc, _, err := partner.ProcessorAccountGet(ctx).ProcessorAccountGetRequest(*plaid.NewProcessorAccountGetRequest(tok)).Execute()
		must(t, "processor/account/get", err)
		if acc.Account.GetMask() != "0000" {
			t.Fatalf("account = %+v", acc)
		}
		// plaid-go v20 predates institution_id here; read it raw.
		if raw := e.callAs("partner_client", "partner_secret", "/processor/account/get", map[string]any{"processor_token": tok}).ok(t); raw["institution_id"] != "ins_109508" {
			t.Fatalf("institution_id = %v", raw["institution_id"])
		}
		id, _, err := partner.ProcessorIdentityGet(ctx).ProcessorIdentityGetRequest(*plaid.NewProcessorIdentityGetRequest(tok)).Execute()
		must(t, "processor/identity/get", err)
		if id.Account.Owners[0].GetNames()[0] != "Alberta Bobbeth Charleson" {
			t.Fatalf("owners = %+v", id.Account.Owners)
		}
	}
	tok := prime.GetProcessorToken()
	// Identity match scores.
	m := e.callAs("partner_client", "partner_secret", "/processor/identity/match", map[string]any{"processor_token": tok, "user": map[string]any{
		"legal_name": "Alberta Charleson", "phone_number": "+1 111-222-3333", "email_address": "ACCOUNTHOLDER0@example.com",
		"address": map[string]any{"street": "2992 Cameron Road", "postal_code": "14236"}}}).ok(t)
	ma := obj(m["account"])
	if obj(ma["legal_name"])["score"] != 70.0 || obj(ma["legal_name"])["is_first_name_or_last_name_match"] != true ||
		obj(ma["phone_number"])["score"] != 100.0 || obj(ma["email_address"])["score"] != 100.0 ||
		obj(ma["address"])["score"] != 100.0 || obj(ma["address"])["is_postal_code_match"] != true {
		t.Fatalf("identity match = %v", ma)
	}
	// Transactions through the token: only its account.
	rows := 0
	cursor := ""
	for {
		req := plaid.NewProcessorTransactionsSyncRequest(tok)
		if cursor != "" {
			req.SetCursor(cursor)
		}
		resp, _, err := partner.ProcessorTransactionsSync(ctx).ProcessorTransactionsSyncRequest(*req).Execute()
		must(t, "processor/transactions/sync", err)
		for _, tx := range resp.GetAdded() {
			if tx.GetAccountId() != checking {
				t.Fatalf("a row of another account: %s", tx.GetAccountId())
			}
			rows++
		}
		// plaid-go v20 keeps "account" among AdditionalProperties.
		if a, _ := resp.AdditionalProperties["account"].(map[string]interface{}); a["account_id"] != checking {
			t.Fatalf("sync account = %v", resp.AdditionalProperties["account"])
		}
		cursor = resp.GetNextCursor()
		if !resp.GetHasMore() {
			break
		}
	}
	g, _, err := partner.ProcessorTransactionsGet(ctx).ProcessorTransactionsGetRequest(*plaid.NewProcessorTransactionsGetRequest(tok, "2000-01-01", "2100-01-01")).Execute()
	must(t, "processor/transactions/get", err)
	if rows == 0 || int(g.GetTotalTransactions()) != rows {
		t.Fatalf("sync %d rows, get total %d", rows, g.GetTotalTransactions())
	}
	// Permissions: auth only, set by the app that made the token (the
	// partner may not widen its own access).
	_, _, err = partner.ProcessorTokenPermissionsSet(ctx).ProcessorTokenPermissionsSetRequest(
		*plaid.NewProcessorTokenPermissionsSetRequest(tok, []plaid.Products{plaid.PRODUCTS_AUTH})).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "INVALID_PROCESSOR_TOKEN" {
		t.Fatalf("permissions/set by the partner: %v", err)
	}
	_, _, err = app.ProcessorTokenPermissionsSet(ctx).ProcessorTokenPermissionsSetRequest(
		*plaid.NewProcessorTokenPermissionsSetRequest(tok, []plaid.Products{plaid.PRODUCTS_AUTH})).Execute()
	must(t, "permissions/set", err)
	perms, _, err := app.ProcessorTokenPermissionsGet(ctx).ProcessorTokenPermissionsGetRequest(*plaid.NewProcessorTokenPermissionsGetRequest(tok)).Execute()
	must(t, "permissions/get", err)
	if len(perms.GetProducts()) != 1 || perms.GetProducts()[0] != plaid.PRODUCTS_AUTH {
		t.Fatalf("permissions = %v", perms.GetProducts())
	}
	_, _, err = partner.ProcessorIdentityGet(ctx).ProcessorIdentityGetRequest(*plaid.NewProcessorIdentityGetRequest(tok)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "PRODUCT_NOT_ENABLED" {
		t.Fatalf("identity without permission: %v", err)
	}
	_, _, err = partner.ProcessorAuthGet(ctx).ProcessorAuthGetRequest(*plaid.NewProcessorAuthGetRequest(tok)).Execute()
	must(t, "auth with permission", err)
	wh := plaid.NewProcessorTokenWebhookUpdateRequest(tok, *plaid.NewNullableString(plaid.PtrString("https://partner.example/hook")))
	_, _, err = partner.ProcessorTokenWebhookUpdate(ctx).ProcessorTokenWebhookUpdateRequest(*wh).Execute()
	must(t, "processor/token/webhook/update", err)

	// The Item's state reaches the partner: login required, then removal.
	_, _, err = app.SandboxItemResetLogin(ctx).SandboxItemResetLoginRequest(*plaid.NewSandboxItemResetLoginRequest(it.accessToken)).Execute()
	must(t, "reset_login", err)
	_, _, err = partner.ProcessorAuthGet(ctx).ProcessorAuthGetRequest(*plaid.NewProcessorAuthGetRequest(apex.GetProcessorToken())).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("after reset_login: %v", err)
	}
	_, _, err = app.ItemRemove(ctx).ItemRemoveRequest(*plaid.NewItemRemoveRequest(it.accessToken)).Execute()
	must(t, "item/remove", err)
	for _, tok := range []string{apex.GetProcessorToken(), prime.GetProcessorToken()} {
		_, _, err = partner.ProcessorBalanceGet(ctx).ProcessorBalanceGetRequest(*plaid.NewProcessorBalanceGetRequest(tok)).Execute()
		if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "INVALID_PROCESSOR_TOKEN" {
			t.Fatalf("after remove: %v", err)
		}
	}
}

func TestSandboxProcessorTokenCreate(t *testing.T) {
	e := newEnv(t)
	c := e.plaidClient().PlaidApi
	partner := e.partnerClient()
	ctx := context.Background()
	resp, _, err := c.SandboxProcessorTokenCreate(ctx).SandboxProcessorTokenCreateRequest(*plaid.NewSandboxProcessorTokenCreateRequest("ins_109508")).Execute()
	must(t, "sandbox/processor_token/create", err)
	acc, _, err := partner.ProcessorAccountGet(ctx).ProcessorAccountGetRequest(*plaid.NewProcessorAccountGetRequest(resp.GetProcessorToken())).Execute()
	must(t, "processor/account/get", err)
	if acc.Account.GetSubtype() != plaid.ACCOUNTSUBTYPE_CHECKING || acc.Account.GetMask() != "0000" {
		t.Fatalf("sandbox processor token account = %+v", acc.Account)
	}
	e.call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_109508",
		"options": map[string]any{"override_username": "user_good", "override_password": "error_ITEM_LOCKED"}}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
	e.call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_0"}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_INSTITUTION")
}

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
