package income_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestLegacyIncomeAPI, through plaid-go: the deprecated access-token
// Income API reads a payroll Item's rule in the older shapes (pay stubs,
// W-2s, a zip of both, the employment), precheck answers the test values,
// /employers/search finds the default employer; an income_verification_id
// alone names nothing here.
func TestLegacyIncomeAPI(t *testing.T) {
	e := plaidtest.New(t)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_92", []string{"income_verification"}, map[string]any{"override_username": "test-good", "override_password": "test"})

	made, _, err := api.IncomeVerificationCreate(ctx).IncomeVerificationCreateRequest(*plaid.NewIncomeVerificationCreateRequest("https://example.com/hook")).Execute()
	plaidtest.Must(t, "income/verification/create", err)
	if made.GetIncomeVerificationId() == "" {
		t.Fatal("no income_verification_id")
	}
	pre := plaid.NewIncomeVerificationPrecheckRequest()
	em := plaid.NewIncomeVerificationPrecheckEmployer()
	em.SetName("employer_bad")
	pre.SetEmployer(*em)
	pc, _, err := api.IncomeVerificationPrecheck(ctx).IncomeVerificationPrecheckRequest(*pre).Execute()
	plaidtest.Must(t, "income/verification/precheck", err)
	if pc.GetConfidence() != "LOW" || pc.GetPrecheckId() == "" {
		t.Fatalf("precheck: %+v", pc)
	}
	ps := plaid.NewIncomeVerificationPaystubsGetRequest()
	ps.SetAccessToken(it.AccessToken)
	stubs, _, err := api.IncomeVerificationPaystubsGet(ctx).IncomeVerificationPaystubsGetRequest(*ps).Execute()
	plaidtest.Must(t, "income/verification/paystubs/get", err)
	if len(stubs.Paystubs) != 2 || stubs.Paystubs[0].Employer.GetName() != "Heartland Toy Company" || len(stubs.GetDocumentMetadata()) != 2 {
		t.Fatalf("paystubs: %d", len(stubs.Paystubs))
	}
	tf := plaid.NewIncomeVerificationTaxformsGetRequest()
	tf.SetAccessToken(it.AccessToken)
	forms, _, err := api.IncomeVerificationTaxformsGet(ctx).IncomeVerificationTaxformsGetRequest(*tf).Execute()
	plaidtest.Must(t, "income/verification/taxforms/get", err)
	if len(forms.Taxforms) != 1 || forms.Taxforms[0].GetDocumentType() != "W2" {
		t.Fatalf("taxforms: %+v", forms.Taxforms)
	}
	dl := plaid.NewIncomeVerificationDocumentsDownloadRequest()
	dl.SetAccessToken(it.AccessToken)
	f, _, err := api.IncomeVerificationDocumentsDownload(ctx).IncomeVerificationDocumentsDownloadRequest(*dl).Execute()
	plaidtest.Must(t, "income/verification/documents/download", err)
	raw, _ := io.ReadAll(f)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil || len(zr.File) != 3 {
		t.Fatalf("a zip of 2 pay stubs and a W-2: %v", err)
	}
	emp, _, err := api.EmploymentVerificationGet(ctx).EmploymentVerificationGetRequest(*plaid.NewEmploymentVerificationGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "employment/verification/get", err)
	if len(emp.Employments) != 1 || emp.Employments[0].GetStatus() != "EMPLOYMENT_STATUS_ACTIVE" {
		t.Fatalf("employment: %+v", emp.Employments)
	}
	found, _, err := api.EmployersSearch(ctx).EmployersSearchRequest(*plaid.NewEmployersSearchRequest("heartland", []string{"deposit_switch"})).Execute()
	plaidtest.Must(t, "employers/search", err)
	if len(found.Employers) != 1 || found.Employers[0].GetName() != "Heartland Toy Company" {
		t.Fatalf("employers: %+v", found.Employers)
	}
	e.Call("/income/verification/paystubs/get", map[string]any{"income_verification_id": made.GetIncomeVerificationId()}).
		PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_NOT_FOUND")
	e.Call("/income/verification/documents/download", map[string]any{"access_token": it.AccessToken, "document_id": "nope"}).
		PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_DOCUMENT_NOT_FOUND")
	e.CallAs("other", "x", "/employment/verification/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}
