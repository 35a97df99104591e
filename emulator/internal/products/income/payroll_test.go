package income_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// payrollLinkToken is a link token for payroll income of a legacy user,
// through plaid-go.
func payrollLinkToken(t *testing.T, e *plaidtest.Env, tok, webhook string, flow plaid.IncomeVerificationPayrollFlowType, parsing []plaid.IncomeVerificationDocParsingConfig) string {
	req := plaid.NewLinkTokenCreateRequest("Todd's Hoverboards", "en", []plaid.CountryCode{plaid.COUNTRYCODE_US}, *plaid.NewLinkTokenCreateRequestUser("testUser"))
	req.SetProducts([]plaid.Products{plaid.PRODUCTS_INCOME_VERIFICATION})
	req.SetUserToken(tok)
	req.SetWebhook(webhook)
	iv := plaid.NewLinkTokenCreateRequestIncomeVerification()
	iv.SetIncomeSourceTypes([]plaid.IncomeVerificationSourceType{plaid.INCOMEVERIFICATIONSOURCETYPE_PAYROLL})
	pi := plaid.NewLinkTokenCreateRequestIncomeVerificationPayrollIncome()
	pi.SetFlowTypes([]plaid.IncomeVerificationPayrollFlowType{flow})
	if parsing != nil {
		pi.SetParsingConfig(parsing)
	}
	iv.SetPayrollIncome(*pi)
	req.SetIncomeVerification(*iv)
	lt, _, err := e.PlaidClient().PlaidApi.LinkTokenCreate(context.Background()).LinkTokenCreateRequest(*req).Execute()
	plaidtest.Must(t, "link/token/create", err)
	return lt.GetLinkToken()
}

// TestPayrollIncomeThroughLink, through plaid-go: a payroll Link (ADP,
// test-good / test, the SSN's last four 1234) sends INCOME_VERIFICATION,
// then /credit/payroll_income/get gives two pay stubs, newest first, and
// a W-2, each with a download URL that gives a zip once and then
// INCOME_VERIFICATION_DOCUMENT_NOT_FOUND; /credit/employment/get gives the
// employer; precheck answers Sandbox's test values; a refresh processes
// again (another webhook); the Sandbox fires the risk-signals webhook.
func TestPayrollIncomeThroughLink(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	tok, uid := legacyUser(t, e, "payroll-1")
	lt := payrollLinkToken(t, e, tok, rv.URL, plaid.INCOMEVERIFICATIONPAYROLLFLOWTYPE_DIGITAL_INCOME, nil)
	login := map[string]any{"link_token": lt, "institution_id": "ins_92", "username": "test-good", "password": "test", "mfa_answers": []string{"9999"}}
	e.CompleteLink(login).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	login["mfa_answers"] = []string{"1234"}
	e.CompleteLink(login).OK(t)
	hook := rv.WaitFor(t, "INCOME_VERIFICATION")
	if hook.Body["user_id"] != uid || hook.Body["verification_status"] != "VERIFICATION_STATUS_PROCESSING_COMPLETE" || hook.Body["item_id"] == nil {
		t.Fatalf("INCOME_VERIFICATION: %v", hook.Body)
	}

	getReq := plaid.NewCreditPayrollIncomeGetRequest()
	getReq.SetUserToken(tok)
	got, _, err := api.CreditPayrollIncomeGet(ctx).CreditPayrollIncomeGetRequest(*getReq).Execute()
	plaidtest.Must(t, "credit/payroll_income/get", err)
	if len(got.Items) != 1 || got.Items[0].GetInstitutionId() != "ins_92" || got.Items[0].GetItemId() != hook.Body["item_id"] {
		t.Fatalf("one ADP payroll Item: %+v", got.Items)
	}
	pi := got.Items[0].PayrollIncome[0]
	stubs := pi.PayStubs
	if len(stubs) != 2 || len(pi.W2s) != 1 || stubs[0].Employer.GetName() != "Heartland Toy Company" || stubs[0].Employee.GetName() != "Jane Income Doe" {
		t.Fatalf("two pay stubs and a W-2: %d, %d, %+v", len(stubs), len(pi.W2s), stubs[0].Employer)
	}
	if stubs[0].PayPeriodDetails.GetPayDate() <= stubs[1].PayPeriodDetails.GetPayDate() {
		t.Fatalf("newest first: %s then %s", stubs[0].PayPeriodDetails.GetPayDate(), stubs[1].PayPeriodDetails.GetPayDate())
	}
	if gross, net := stubs[0].PayPeriodDetails.GetGrossEarnings(), stubs[0].NetPay.GetCurrentAmount(); gross != 3846.15 || net >= gross || net <= 0 {
		t.Fatalf("gross %v net %v", gross, net)
	}
	url := stubs[0].DocumentMetadata.GetDownloadUrl()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := plaidtest.ReadAll(resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" || !bytes.HasPrefix(body, []byte("PK")) {
		t.Fatalf("download: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body[:min(len(body), 40)])
	}
	if again := e.Do("GET", url[len(e.URL):], nil, nil); again.Status != 400 || again.Body["error_code"] != "INCOME_VERIFICATION_DOCUMENT_NOT_FOUND" {
		t.Fatalf("a download URL works once: %d %s", again.Status, again.Raw)
	}
	old := pi.W2s[0].DocumentMetadata.GetDownloadUrl()
	if r := e.Clock(map[string]any{"advance": "3m"}); r.Status != 200 {
		t.Fatalf("clock: %d %s", r.Status, r.Raw)
	}
	if late := e.Do("GET", old[len(e.URL):], nil, nil); late.Status != 400 || late.Body["error_code"] != "INCOME_VERIFICATION_DOCUMENT_NOT_FOUND" {
		t.Fatalf("a download URL lasts 2 minutes: %d %s", late.Status, late.Raw)
	}

	emp, _, err := api.CreditEmploymentGet(ctx).CreditEmploymentGetRequest(*plaid.NewCreditEmploymentGetRequest(tok)).Execute()
	plaidtest.Must(t, "credit/employment/get", err)
	if len(emp.Items) != 1 || emp.Items[0].Employments[0].Employer.GetName() != "Heartland Toy Company" || emp.Items[0].Employments[0].GetStatus() != "ACTIVE" {
		t.Fatalf("employment: %+v", emp.Items)
	}
	rs := plaid.NewCreditPayrollIncomeRiskSignalsGetRequest()
	rs.SetUserToken(tok)
	sig, _, err := api.CreditPayrollIncomeRiskSignalsGet(ctx).CreditPayrollIncomeRiskSignalsGetRequest(*rs).Execute()
	plaidtest.Must(t, "credit/payroll_income/risk_signals/get", err)
	if len(sig.Items) != 1 || len(sig.Items[0].VerificationRiskSignals) != 0 {
		t.Fatalf("a provider login has no document signals: %+v", sig.Items)
	}
	for name, want := range map[string]plaid.IncomeVerificationPrecheckConfidence{"employer_good": "HIGH", "employer_bad": "LOW", "Acme, Inc.": "UNKNOWN"} {
		pre := plaid.NewCreditPayrollIncomePrecheckRequest()
		pre.SetUserToken(tok)
		em := plaid.NewIncomeVerificationPrecheckEmployer()
		em.SetName(name)
		pre.SetEmployer(*em)
		out, _, err := api.CreditPayrollIncomePrecheck(ctx).CreditPayrollIncomePrecheckRequest(*pre).Execute()
		plaidtest.Must(t, "credit/payroll_income/precheck", err)
		if out.GetConfidence() != want {
			t.Errorf("precheck %q: %s, want %s", name, out.GetConfidence(), want)
		}
	}
	ref, _, err := api.CreditPayrollIncomeRefresh(ctx).CreditPayrollIncomeRefreshRequest(*plaid.NewCreditPayrollIncomeRefreshRequest(tok)).Execute()
	plaidtest.Must(t, "credit/payroll_income/refresh", err)
	if ref.GetVerificationRefreshStatus() != "SUCCESSFUL" {
		t.Fatalf("refresh: %+v", ref)
	}
	rv.WaitForN(t, "INCOME_VERIFICATION", 2)
	// plaid-go's CreditPayrollIncomeParsingConfigUpdate cannot send its body
	// (a map[string]map[string]interface{}): the call goes as JSON.
	e.Call("/credit/payroll_income/parsing_config/update", map[string]any{"user_token": tok, "parsing_config": []string{"ocr", "risk_signals"}}).OK(t)
	e.Call("/credit/payroll_income/parsing_config/update", map[string]any{"user_token": tok, "parsing_config": []string{"ink"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	up, _, err := api.CreditBankStatementsUploadsGet(ctx).CreditBankStatementsUploadsGetRequest(*plaid.NewCreditBankStatementsUploadsGetRequest(tok)).Execute()
	plaidtest.Must(t, "credit/bank_statements/uploads/get", err)
	if len(up.Items) != 0 {
		t.Fatalf("no uploads from a provider login: %+v", up.Items)
	}
	fire := plaid.NewSandboxIncomeFireWebhookRequest(hook.Body["item_id"].(string), rv.URL, plaid.SANDBOXINCOMEWEBHOOKFIREREQUESTWEBHOOKCODE_VERIFICATION_RISK_SIGNALS)
	fire.SetUserId(uid)
	_, _, err = api.SandboxIncomeFireWebhook(ctx).SandboxIncomeFireWebhookRequest(*fire).Execute()
	plaidtest.Must(t, "sandbox/income/fire_webhook", err)
	if w := rv.WaitFor(t, "INCOME_VERIFICATION_RISK_SIGNALS"); w.Body["risk_signals_status"] != "RISK_SIGNALS_PROCESSING_COMPLETE" || w.Body["user_id"] != uid {
		t.Fatalf("fired: %v", w.Body)
	}

	e.CallAs("other", "x", "/credit/payroll_income/get", map[string]any{"user_token": tok}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")
	bare, _ := legacyUser(t, e, "payroll-2")
	e.Call("/credit/payroll_income/get", map[string]any{"user_token": bare}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_NOT_FOUND")
	e.Call("/credit/employment/get", map[string]any{"user_token": bare}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "EMPLOYMENT_NOT_FOUND")
	e.CallAs("other", "x", "/sandbox/income/fire_webhook", map[string]any{"item_id": hook.Body["item_id"], "webhook": rv.URL,
		"webhook_code": "INCOME_VERIFICATION"}).PlaidErr(t, 400, "ITEM_ERROR", "ITEM_NOT_FOUND")
}

// TestIncomeTriggers: the dashboard's and CLI's income triggers fire the
// webhook for a payroll Item, to its webhook, naming it.
func TestIncomeTriggers(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_92", []string{"income_verification"}, map[string]any{"override_username": "test-good", "override_password": "test", "webhook": rv.URL})
	for _, tr := range []struct{ name, code string }{{"income.verification", "INCOME_VERIFICATION"}, {"income.risk_signals", "INCOME_VERIFICATION_RISK_SIGNALS"}} {
		r := e.Do("POST", "/_emulator/trigger", http.Header{"Content-Type": {"application/json"}}, map[string]any{"trigger": tr.name, "item_id": it.ItemID})
		if r.Status != 200 || r.Body["status"] != 200.0 {
			t.Fatalf("%s: %d %s", tr.name, r.Status, r.Raw)
		}
		if w := rv.WaitFor(t, tr.code); w.Body["item_id"] != it.ItemID {
			t.Fatalf("%s: %v", tr.name, w.Body)
		}
	}
}
