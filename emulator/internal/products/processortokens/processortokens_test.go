package processortokens_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/internal/specfile"
	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
	"github.com/plaid/plaid-go/v20/plaid"
)

// partnerClient is plaid-go with a payments partner's own keys.
func partnerClient(e *plaidtest.Env) *plaid.PlaidApiService {
	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", "partner_client")
	cfg.AddDefaultHeader("PLAID-SECRET", "partner_secret")
	cfg.UseEnvironment(plaid.Environment(e.URL))
	cfg.HTTPClient = e.Client
	return plaid.NewAPIClient(cfg).PlaidApi
}

func TestProcessorListMatchesSpec(t *testing.T) {
	doc := plaidtest.LoadSpec(t)
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
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	seen := map[string]bool{}
	for _, p := range emulator.Processors {
		tok := e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "processor": p}).OK(t)["processor_token"].(string)
		if !plaidtest.ProcessorPattern.MatchString(tok) || seen[tok] {
			t.Fatalf("%s: token %q", p, tok)
		}
		seen[tok] = true
	}
	e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "processor": "stripe"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": "nope", "processor": "dwolla"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	e.Call("/processor/token/create", map[string]any{"access_token": "access-sandbox-nope", "account_id": acct, "processor": "dwolla"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/processor/auth/get", map[string]any{"processor_token": "processor-sandbox-nope"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}

// TestProcessorFlowsBothSides: the app makes Stripe, Apex and Prime Trust
// tokens through plaid-go; a partner, with its own keys, redeems them.
func TestProcessorFlowsBothSides(t *testing.T) {
	e := plaidtest.New(t)
	app, partner := e.PlaidClient().PlaidApi, partnerClient(e)
	ctx := context.Background()
	it := e.Link("ins_109508", []string{"auth", "transactions", "identity"}, nil)
	accts, _, err := app.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "accounts/get", err)
	checking, card := accts.Accounts[0].GetAccountId(), accts.Accounts[3].GetAccountId()

	st, _, err := app.ProcessorStripeBankAccountTokenCreate(ctx).ProcessorStripeBankAccountTokenCreateRequest(
		*plaid.NewProcessorStripeBankAccountTokenCreateRequest(it.AccessToken, checking)).Execute()
	plaidtest.Must(t, "stripe token", err)
	if !plaidtest.StripePattern.MatchString(st.GetStripeBankAccountToken()) {
		t.Fatalf("stripe token %q", st.GetStripeBankAccountToken())
	}
	_, _, err = app.ProcessorStripeBankAccountTokenCreate(ctx).ProcessorStripeBankAccountTokenCreateRequest(
		*plaid.NewProcessorStripeBankAccountTokenCreateRequest(it.AccessToken, card)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "INVALID_ACCOUNT_ID" || !strings.Contains(pe.GetErrorMessage(), "depository") {
		t.Fatalf("stripe on a credit card: %v", err)
	}
	apex, _, err := app.ProcessorApexProcessorTokenCreate(ctx).ProcessorApexProcessorTokenCreateRequest(
		*plaid.NewProcessorApexProcessorTokenCreateRequest(it.AccessToken, checking)).Execute()
	plaidtest.Must(t, "apex token", err)
	prime, _, err := app.ProcessorTokenCreate(ctx).ProcessorTokenCreateRequest(
		*plaid.NewProcessorTokenCreateRequest(it.AccessToken, checking, "prime_trust")).Execute()
	plaidtest.Must(t, "prime trust token", err)

	for _, tok := range []string{apex.GetProcessorToken(), prime.GetProcessorToken()} {
		auth, _, err := partner.ProcessorAuthGet(ctx).ProcessorAuthGetRequest(*plaid.NewProcessorAuthGetRequest(tok)).Execute()
		plaidtest.Must(t, "processor/auth/get", err)
		ach := auth.Numbers.Ach.Get()
		if auth.Account.GetAccountId() != checking || ach == nil || ach.GetAccount() != "1111222233330000" || ach.GetRouting() != "011401533" || auth.Numbers.Eft.Get() != nil {
			t.Fatalf("processor auth = %+v", auth)
		}
		bal, _, err := partner.ProcessorBalanceGet(ctx).ProcessorBalanceGetRequest(*plaid.NewProcessorBalanceGetRequest(tok)).Execute()
		plaidtest.Must(t, "processor/balance/get", err)
		if bal.Account.Balances.GetAvailable() != 100 {
			t.Fatalf("balance = %+v", bal.Account.Balances)
		}
		acc, _, err := partner.ProcessorAccountGet(ctx).ProcessorAccountGetRequest(*plaid.NewProcessorAccountGetRequest(tok)).Execute()
		plaidtest.Must(t, "processor/account/get", err)
		if acc.Account.GetMask() != "0000" {
			t.Fatalf("account = %+v", acc)
		}
		// plaid-go v20 predates institution_id here; read it raw.
		if raw := e.CallAs("partner_client", "partner_secret", "/processor/account/get", map[string]any{"processor_token": tok}).OK(t); raw["institution_id"] != "ins_109508" {
			t.Fatalf("institution_id = %v", raw["institution_id"])
		}
		id, _, err := partner.ProcessorIdentityGet(ctx).ProcessorIdentityGetRequest(*plaid.NewProcessorIdentityGetRequest(tok)).Execute()
		plaidtest.Must(t, "processor/identity/get", err)
		if id.Account.Owners[0].GetNames()[0] != "Alberta Bobbeth Charleson" {
			t.Fatalf("owners = %+v", id.Account.Owners)
		}
	}
	tok := prime.GetProcessorToken()
	// Identity match scores.
	m := e.CallAs("partner_client", "partner_secret", "/processor/identity/match", map[string]any{"processor_token": tok, "user": map[string]any{
		"legal_name": "Alberta Charleson", "phone_number": "+1 111-222-3333", "email_address": "ACCOUNTHOLDER0@example.com",
		"address": map[string]any{"street": "2992 Cameron Road", "postal_code": "14236"}}}).OK(t)
	ma := plaidtest.Obj(m["account"])
	if plaidtest.Obj(ma["legal_name"])["score"] != 70.0 || plaidtest.Obj(ma["legal_name"])["is_first_name_or_last_name_match"] != true ||
		plaidtest.Obj(ma["phone_number"])["score"] != 100.0 || plaidtest.Obj(ma["email_address"])["score"] != 100.0 ||
		plaidtest.Obj(ma["address"])["score"] != 100.0 || plaidtest.Obj(ma["address"])["is_postal_code_match"] != true {
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
		plaidtest.Must(t, "processor/transactions/sync", err)
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
	plaidtest.Must(t, "processor/transactions/get", err)
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
	plaidtest.Must(t, "permissions/set", err)
	perms, _, err := app.ProcessorTokenPermissionsGet(ctx).ProcessorTokenPermissionsGetRequest(*plaid.NewProcessorTokenPermissionsGetRequest(tok)).Execute()
	plaidtest.Must(t, "permissions/get", err)
	if len(perms.GetProducts()) != 1 || perms.GetProducts()[0] != plaid.PRODUCTS_AUTH {
		t.Fatalf("permissions = %v", perms.GetProducts())
	}
	_, _, err = partner.ProcessorIdentityGet(ctx).ProcessorIdentityGetRequest(*plaid.NewProcessorIdentityGetRequest(tok)).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "PRODUCT_NOT_ENABLED" {
		t.Fatalf("identity without permission: %v", err)
	}
	_, _, err = partner.ProcessorAuthGet(ctx).ProcessorAuthGetRequest(*plaid.NewProcessorAuthGetRequest(tok)).Execute()
	plaidtest.Must(t, "auth with permission", err)
	wh := plaid.NewProcessorTokenWebhookUpdateRequest(tok, *plaid.NewNullableString(plaid.PtrString("https://partner.example/hook")))
	_, _, err = partner.ProcessorTokenWebhookUpdate(ctx).ProcessorTokenWebhookUpdateRequest(*wh).Execute()
	plaidtest.Must(t, "processor/token/webhook/update", err)

	// The Item's state reaches the partner: login required, then removal.
	_, _, err = app.SandboxItemResetLogin(ctx).SandboxItemResetLoginRequest(*plaid.NewSandboxItemResetLoginRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "reset_login", err)
	_, _, err = partner.ProcessorAuthGet(ctx).ProcessorAuthGetRequest(*plaid.NewProcessorAuthGetRequest(apex.GetProcessorToken())).Execute()
	if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("after reset_login: %v", err)
	}
	_, _, err = app.ItemRemove(ctx).ItemRemoveRequest(*plaid.NewItemRemoveRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "item/remove", err)
	for _, tok := range []string{apex.GetProcessorToken(), prime.GetProcessorToken()} {
		_, _, err = partner.ProcessorBalanceGet(ctx).ProcessorBalanceGetRequest(*plaid.NewProcessorBalanceGetRequest(tok)).Execute()
		if pe, perr := plaid.ToPlaidError(err); perr != nil || pe.GetErrorCode() != "INVALID_PROCESSOR_TOKEN" {
			t.Fatalf("after remove: %v", err)
		}
	}
}

func TestSandboxProcessorTokenCreate(t *testing.T) {
	e := plaidtest.New(t)
	c := e.PlaidClient().PlaidApi
	partner := partnerClient(e)
	ctx := context.Background()
	resp, _, err := c.SandboxProcessorTokenCreate(ctx).SandboxProcessorTokenCreateRequest(*plaid.NewSandboxProcessorTokenCreateRequest("ins_109508")).Execute()
	plaidtest.Must(t, "sandbox/processor_token/create", err)
	acc, _, err := partner.ProcessorAccountGet(ctx).ProcessorAccountGetRequest(*plaid.NewProcessorAccountGetRequest(resp.GetProcessorToken())).Execute()
	plaidtest.Must(t, "processor/account/get", err)
	if acc.Account.GetSubtype() != plaid.ACCOUNTSUBTYPE_CHECKING || acc.Account.GetMask() != "0000" {
		t.Fatalf("sandbox processor token account = %+v", acc.Account)
	}
	e.Call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_109508",
		"options": map[string]any{"override_username": "user_good", "override_password": "error_ITEM_LOCKED"}}).PlaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
	e.Call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_0"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_INSTITUTION")
}
