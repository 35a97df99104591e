package income_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// legacyUser makes a legacy Plaid user (a user_token), as Plaid's Income
// sample does, and returns its token and id.
func legacyUser(t *testing.T, e *plaidtest.Env, clientUserID string) (string, string) {
	h := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	made := e.Do("POST", "/user/create", h, map[string]any{"client_user_id": clientUserID}).OK(t)
	return made["user_token"].(string), made["user_id"].(string)
}

// TestBankIncomeThroughLink, through plaid-go (which names users by
// user_token): a Bank Income Link as user_bank_income makes a report whose
// sources are the persona's deposits, with their categories and rhythms;
// another Link adds a report (count reads both, newest first); the PDF is
// a PDF; a refresh adds one more and says so by webhook; the Sandbox fires
// BANK_INCOME_REFRESH_UPDATE. Another client's token, a user without a
// report and a count of 0 are refused.
func TestBankIncomeThroughLink(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	tok, uid := legacyUser(t, e, "income-1")

	linkReq := plaid.NewLinkTokenCreateRequest("Todd's Hoverboards", "en", []plaid.CountryCode{plaid.COUNTRYCODE_US}, *plaid.NewLinkTokenCreateRequestUser("testUser"))
	linkReq.SetProducts([]plaid.Products{plaid.PRODUCTS_INCOME_VERIFICATION})
	linkReq.SetUserToken(tok)
	linkReq.SetWebhook(rv.URL)
	iv := plaid.NewLinkTokenCreateRequestIncomeVerification()
	iv.SetIncomeSourceTypes([]plaid.IncomeVerificationSourceType{plaid.INCOMEVERIFICATIONSOURCETYPE_BANK})
	iv.SetBankIncome(*plaid.NewLinkTokenCreateRequestIncomeVerificationBankIncome(60))
	linkReq.SetIncomeVerification(*iv)
	lt, _, err := api.LinkTokenCreate(ctx).LinkTokenCreateRequest(*linkReq).Execute()
	plaidtest.Must(t, "link/token/create", err)
	complete := func() {
		e.CompleteLink(map[string]any{"link_token": lt.GetLinkToken(), "institution_id": "ins_109508", "username": "user_bank_income", "password": "{}"}).OK(t)
	}
	complete()

	getReq := plaid.NewCreditBankIncomeGetRequest()
	getReq.SetUserToken(tok)
	opts := plaid.NewCreditBankIncomeGetRequestOptions()
	opts.SetCount(3)
	getReq.SetOptions(*opts)
	resp, _, err := api.CreditBankIncomeGet(ctx).CreditBankIncomeGetRequest(*getReq).Execute()
	plaidtest.Must(t, "credit/bank_income/get", err)
	got := resp.GetBankIncome()
	if len(got) != 1 || got[0].GetDaysRequested() != 60 || len(got[0].GetItems()) != 1 {
		t.Fatalf("one report of 60 days for one Item: %+v", got)
	}
	item := got[0].GetItems()[0]
	if item.GetInstitutionId() != "ins_109508" || len(item.GetBankIncomeAccounts()) != 2 {
		t.Fatalf("the Item's two depository accounts: %+v", item)
	}
	want := map[string][2]string{ // description: category, pay frequency
		"PLAID PAYROLL DIRECT DEP": {"SALARY", "BIWEEKLY"},
		"SSI TREAS 310 XXSUPP SEC": {"LONG_TERM_DISABILITY", "MONTHLY"},
		"AIRBNB PAYMENTS PPD":      {"RENTAL", "MONTHLY"},
		"TEXAS OAG CHILD SUPPORT":  {"CHILD_SUPPORT", "BIWEEKLY"},
		"UBER DRIVER PAYOUT":       {"GIG_ECONOMY", "WEEKLY"},
		"INTEREST PAYMENT":         {"BANK_INTEREST", "MONTHLY"},
	}
	var total float64
	for _, s := range item.GetBankIncomeSources() {
		w, ok := want[s.GetIncomeDescription()]
		if !ok || string(s.GetIncomeCategory()) != w[0] || string(s.GetPayFrequency()) != w[1] {
			t.Errorf("source %s: %s %s (want %v)", s.GetIncomeDescription(), s.GetIncomeCategory(), s.GetPayFrequency(), w)
		}
		if s.GetTransactionCount() < 2 {
			t.Errorf("source %s has %d deposits in 60 days", s.GetIncomeDescription(), s.GetTransactionCount())
		}
		total += float64(s.GetTotalAmount())
		delete(want, s.GetIncomeDescription())
	}
	if len(want) > 0 {
		t.Fatalf("sources not found: %v", want)
	}
	sum := got[0].GetBankIncomeSummary()
	if sum.GetIncomeSourcesCount() != 6 || sum.GetIncomeCategoriesCount() != 6 || int(sum.GetTotalAmount()*100+0.5) != int(total*100+0.5) {
		t.Fatalf("summary: %+v (sources total %.2f)", sum, total)
	}

	complete()
	resp, _, err = api.CreditBankIncomeGet(ctx).CreditBankIncomeGetRequest(*getReq).Execute()
	plaidtest.Must(t, "credit/bank_income/get", err)
	got = resp.GetBankIncome()
	if len(got) != 2 || got[0].GetGeneratedTime().Before(got[1].GetGeneratedTime()) ||
		got[0].GetBankIncomeId() == got[1].GetBankIncomeId() {
		t.Fatalf("two reports, newest first: %d", len(got))
	}
	if one := e.Call("/credit/bank_income/get", map[string]any{"user_token": tok}).OK(t); len(plaidtest.List(one["bank_income"])) != 1 {
		t.Fatalf("count defaults to 1: %v", one)
	}

	pdfReq := plaid.NewCreditBankIncomePDFGetRequest(tok)
	f, _, err := api.CreditBankIncomePdfGet(ctx).CreditBankIncomePDFGetRequest(*pdfReq).Execute()
	plaidtest.Must(t, "credit/bank_income/pdf/get", err)
	pdf, _ := io.ReadAll(f)
	plaidtest.CheckPDF(t, pdf)

	upd := plaid.NewCreditBankIncomeWebhookUpdateRequest(tok, true)
	_, _, err = api.CreditBankIncomeWebhookUpdate(ctx).CreditBankIncomeWebhookUpdateRequest(*upd).Execute()
	plaidtest.Must(t, "credit/bank_income/webhook/update", err)
	ref := plaid.NewCreditBankIncomeRefreshRequest(tok)
	_, _, err = api.CreditBankIncomeRefresh(ctx).CreditBankIncomeRefreshRequest(*ref).Execute()
	plaidtest.Must(t, "credit/bank_income/refresh", err)
	done := rv.WaitFor(t, "BANK_INCOME_REFRESH_COMPLETE")
	if done.Body["user_id"] != uid || done.Body["result"] != "SUCCESS" || done.Body["item_id"] != nil {
		t.Fatalf("refresh webhook: %v", done.Body)
	}
	if n := len(plaidtest.List(e.Call("/credit/bank_income/get", map[string]any{"user_token": tok, "options": map[string]any{"count": 10}}).OK(t)["bank_income"])); n != 3 {
		t.Fatalf("after a refresh: %d reports", n)
	}
	fire := plaid.NewSandboxBankIncomeFireWebhookRequest(plaid.SANDBOXBANKINCOMEWEBHOOKFIREREQUESTWEBHOOKCODE_UPDATE,
		*plaid.NewSandboxBankIncomeWebhookFireRequestWebhookFields(uid))
	_, _, err = api.SandboxBankIncomeFireWebhook(ctx).SandboxBankIncomeFireWebhookRequest(*fire).Execute()
	plaidtest.Must(t, "sandbox/bank_income/fire_webhook", err)
	if upd := rv.WaitFor(t, "BANK_INCOME_REFRESH_UPDATE"); upd.Body["user_id"] != uid {
		t.Fatalf("fired: %v", upd.Body)
	}

	e.CallAs("other", "x", "/credit/bank_income/get", map[string]any{"user_token": tok}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")
	bare, _ := legacyUser(t, e, "income-2")
	e.Call("/credit/bank_income/get", map[string]any{"user_token": bare}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_NOT_FOUND")
	e.Call("/credit/bank_income/pdf/get", map[string]any{"user_token": bare}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_NOT_FOUND")
	e.Call("/credit/bank_income/get", map[string]any{"user_token": tok, "options": map[string]any{"count": 0}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/credit/bank_income/get", map[string]any{}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	e.Call("/link/token/create", map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"},
		"products": []string{"income_verification"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestIncomeResetPerClient: POST /_emulator/reset {"client_id"} takes one
// client's users and their reports; another client's stay.
func TestIncomeResetPerClient(t *testing.T) {
	e := plaidtest.New(t)
	mine := func(clientID string) string {
		r := e.CallAs(clientID, "s", "/user/create", map[string]any{"client_user_id": "u"})
		uid, _ := r.Body["user_id"].(string)
		e.CallAs(clientID, "s", "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"income_verification"},
			"user_id": uid, "options": map[string]any{"override_username": "user_bank_income", "override_password": "{}",
				"income_verification": map[string]any{"income_source_types": []string{"bank"}}}}).OK(t)
		e.CallAs(clientID, "s", "/credit/bank_income/get", map[string]any{"user_id": uid}).OK(t)
		return uid
	}
	a, b := mine("client_a"), mine("client_b")
	if r := e.Do("POST", "/_emulator/reset", http.Header{"Content-Type": {"application/json"}}, map[string]any{"client_id": "client_a"}); r.Status != 200 {
		t.Fatalf("reset: %d %s", r.Status, r.Raw)
	}
	e.CallAs("client_a", "s", "/credit/bank_income/get", map[string]any{"user_id": a}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
	e.CallAs("client_b", "s", "/credit/bank_income/get", map[string]any{"user_id": b}).OK(t)
}
