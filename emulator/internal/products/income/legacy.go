package income

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The deprecated Income API the spec still lists: by access token of a
// payroll Item, before Plaid users. It reads the same payroll rule as
// /credit/payroll_income/get, in the older shapes. An
// income_verification_id names no Item here (Link no longer takes one),
// so a call with only that is INCOME_VERIFICATION_NOT_FOUND.

type legacyRequest struct {
	product.Credentials
	IncomeVerificationID *string `json:"income_verification_id"`
	AccessToken          *string `json:"access_token"`
	DocumentID           *string `json:"document_id"`
}

// legacyItem is the payroll Item a legacy call names by its access token.
func (a *API) legacyItem(c *product.Call, req *legacyRequest) (product.Item, *wire.Error) {
	if product.Deref(req.AccessToken, "") == "" {
		if product.Deref(req.IncomeVerificationID, "") == "" {
			return product.Item{}, wire.New(wire.CodeMissingFields, "access_token")
		}
		return product.Item{}, wire.New(wire.CodeIncomeNotFound)
	}
	it, err := c.Items.Item(c.ClientID, *req.AccessToken)
	if err != nil {
		return it, err
	}
	c.ItemID = it.ID
	return it, nil
}

type verificationCreateRequest struct {
	product.Credentials
	Webhook    string  `json:"webhook" plaid:"required,format=url"`
	PrecheckID *string `json:"precheck_id"`
	Options    *struct {
		AccessTokens []string `json:"access_tokens"`
	} `json:"options"`
}

type verificationCreateResponse struct {
	ID string `json:"income_verification_id"`
	wire.Response
}

// HandleVerificationCreate serves POST /income/verification/create: an id.
func (a *API) HandleVerificationCreate(c *product.Call, req *verificationCreateRequest) (any, *wire.Error) {
	return &verificationCreateResponse{ID: a.door.NewUUID()}, nil
}

type legacyPrecheckRequest struct {
	product.Credentials
	User                    map[string]any `json:"user"`
	Employer                map[string]any `json:"employer"`
	PayrollInstitution      map[string]any `json:"payroll_institution"`
	TransactionsAccessToken *string        `json:"transactions_access_token"`
	TransactionsTokens      []string       `json:"transactions_access_tokens"`
	USMilitaryInfo          map[string]any `json:"us_military_info"`
}

type legacyPrecheckResponse struct {
	PrecheckID string `json:"precheck_id"`
	Confidence string `json:"confidence"`
	wire.Response
}

// HandleVerificationPrecheck serves POST /income/verification/precheck:
// HIGH, as Sandbox answers it (plaid-go's own suite sends employer
// "Plaid"), but LOW for the test values employer_bad and access_bad.
func (a *API) HandleVerificationPrecheck(c *product.Call, req *legacyPrecheckRequest) (any, *wire.Error) {
	name, _ := req.Employer["name"].(string)
	tokens := req.TransactionsTokens
	if req.TransactionsAccessToken != nil {
		tokens = append(tokens, *req.TransactionsAccessToken)
	}
	pre := precheckRequest{AccessTokens: tokens}
	pre.Employer = &struct {
		Name    *string        `json:"name"`
		Address map[string]any `json:"address"`
		TaxID   *string        `json:"tax_id"`
		URL     *string        `json:"url"`
	}{Name: &name}
	out, err := a.HandlePrecheck(c, &pre)
	if err != nil {
		return nil, err
	}
	conf := out.(*precheckResponse).Confidence
	if conf == "UNKNOWN" {
		conf = "HIGH"
	}
	return &legacyPrecheckResponse{PrecheckID: a.door.NewUUID(), Confidence: conf}, nil
}

type paystubsResponse struct {
	DocumentMetadata []any `json:"document_metadata"`
	Paystubs         []any `json:"paystubs"`
	wire.Response
}

// legacyFrequency is a pay frequency in the older enums.
var legacyFrequency = map[string][2]string{"WEEKLY": {"PAY_FREQUENCY_WEEKLY", "WEEKLY"}, "BIWEEKLY": {"PAY_FREQUENCY_BIWEEKLY", "BI-WEEKLY"},
	"SEMI_MONTHLY": {"PAY_FREQUENCY_SEMIMONTHLY", "SEMI-MONTHLY"}, "MONTHLY": {"PAY_FREQUENCY_MONTHLY", "MONTHLY"}}

// HandlePaystubsGet serves POST /income/verification/paystubs/get.
func (a *API) HandlePaystubsGet(c *product.Call, req *legacyRequest) (any, *wire.Error) {
	it, err := a.legacyItem(c, req)
	if err != nil {
		return nil, err
	}
	r, acct := ruleOf(it)
	out := &paystubsResponse{DocumentMetadata: []any{}, Paystubs: []any{}}
	freq := legacyFrequency[r.PayFrequency]
	for _, pp := range payPeriods(r.PayFrequency, it.CreatedAt, r.PayStubs) {
		s := payStub(it, r, acct, pp, nil)
		id := s["document_id"].(string)
		det := s["pay_period_details"].(map[string]any)
		net := s["net_pay"].(map[string]any)
		earn := s["earnings"].(map[string]any)
		line := earn["breakdown"].([]any)[0].(map[string]any)
		line["canonical_description"] = "REGULAR PAY"
		ded := s["deductions"].(map[string]any)
		ded["subtotals"], ded["totals"] = []any{}, []any{}
		earn["subtotals"], earn["totals"] = []any{}, []any{}
		out.DocumentMetadata = append(out.DocumentMetadata, map[string]any{"name": "paystub_" + det["pay_date"].(string) + ".pdf",
			"status": "DOCUMENT_STATUS_PROCESSING_COMPLETE", "doc_id": id, "doc_type": "DOCUMENT_TYPE_PAYSTUB"})
		out.Paystubs = append(out.Paystubs, map[string]any{
			"doc_id": id, "deductions": ded, "earnings": earn, "employee": s["employee"], "employer": s["employer"], "net_pay": net,
			"employment_details": map[string]any{"annual_salary": map[string]any{"amount": round2(r.Gross * float64(periodsPerYear(r.PayFrequency))), "currency": "USD"},
				"hire_date": r.StartDate},
			"pay_period_details": map[string]any{"check_amount": det["pay_amount"], "distribution_breakdown": det["distribution_breakdown"],
				"start_date": det["start_date"], "end_date": det["end_date"], "pay_date": det["pay_date"], "pay_day": det["pay_date"],
				"gross_earnings": det["gross_earnings"], "pay_frequency": freq[0]},
			"paystub_details": map[string]any{"pay_period_start_date": det["start_date"], "pay_period_end_date": det["end_date"],
				"pay_date": det["pay_date"], "paystub_provider": it.InstitutionName, "pay_frequency": freq[1]},
			"income_breakdown": []any{map[string]any{"type": "regular", "rate": nil, "hours": nil, "total": round2(r.Gross)}},
			"ytd_earnings":     map[string]any{"gross_earnings": earn["total"].(map[string]any)["ytd_amount"], "net_earnings": net["ytd_amount"]},
		})
	}
	return out, nil
}

type taxformsResponse struct {
	DocumentMetadata []any `json:"document_metadata"`
	Taxforms         []any `json:"taxforms"`
	wire.Response
}

// HandleTaxformsGet serves POST /income/verification/taxforms/get: the W-2s.
func (a *API) HandleTaxformsGet(c *product.Call, req *legacyRequest) (any, *wire.Error) {
	it, err := a.legacyItem(c, req)
	if err != nil {
		return nil, err
	}
	r, acct := ruleOf(it)
	out := &taxformsResponse{DocumentMetadata: []any{}, Taxforms: []any{}}
	for _, y := range r.W2Years {
		w := w2(it, r, acct, y, nil)
		id := w["document_id"].(string)
		delete(w, "document_id")
		delete(w, "document_metadata")
		out.DocumentMetadata = append(out.DocumentMetadata, map[string]any{"name": "w2_" + y + ".pdf", "status": "DOCUMENT_STATUS_PROCESSING_COMPLETE",
			"doc_id": id, "doc_type": "DOCUMENT_TYPE_US_TAX_W2"})
		out.Taxforms = append(out.Taxforms, map[string]any{"doc_id": id, "document_type": "W2", "w2": w})
	}
	return out, nil
}

// HandleDocumentsDownload serves POST /income/verification/documents/download:
// a zip of the Item's pay stubs and W-2s as PDFs (or of document_id's).
func (a *API) HandleDocumentsDownload(c *product.Call, req *legacyRequest) (any, *wire.Error) {
	it, err := a.legacyItem(c, req)
	if err != nil {
		return nil, err
	}
	r, acct := ruleOf(it)
	var docs []map[string]any
	for _, pp := range payPeriods(r.PayFrequency, it.CreatedAt, r.PayStubs) {
		docs = append(docs, payStub(it, r, acct, pp, nil))
	}
	for _, y := range r.W2Years {
		docs = append(docs, w2(it, r, acct, y, nil))
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	n := 0
	for _, d := range docs {
		id := d["document_id"].(string)
		if want := product.Deref(req.DocumentID, ""); want != "" && want != id {
			continue
		}
		name := d["document_metadata"].(map[string]any)["name"].(string)
		f, err := zw.Create(name)
		if err != nil {
			return nil, wire.Internal(err)
		}
		_, _ = f.Write(product.SimplePDF([]string{"Income document " + strings.TrimSuffix(name, ".pdf"), "document_id " + id}))
		n++
	}
	if n == 0 {
		return nil, wire.New(wire.CodeIncomeDocumentNotFound)
	}
	if err := zw.Close(); err != nil {
		return nil, wire.Internal(err)
	}
	return &product.RawBody{ContentType: "application/zip", Data: buf.Bytes()}, nil
}

type employmentVerificationResponse struct {
	Employments []any `json:"employments"`
	wire.Response
}

// HandleEmploymentVerificationGet serves POST /employment/verification/get.
func (a *API) HandleEmploymentVerificationGet(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	r, acct := ruleOf(it)
	e := employment(it, r, acct)
	return &employmentVerificationResponse{Employments: []any{map[string]any{"status": "EMPLOYMENT_STATUS_" + r.Status,
		"start_date": e["start_date"], "end_date": e["end_date"], "employer": e["employer"], "title": e["title"], "platform_ids": e["platform_ids"]}}}, nil
}

type employersSearchRequest struct {
	product.Credentials
	Query    string   `json:"query" plaid:"required"`
	Products []string `json:"products" plaid:"required"`
}

type employersSearchResponse struct {
	Employers []any `json:"employers"`
	wire.Response
}

// HandleEmployersSearch serves POST /employers/search: the employers of the
// fixtures' payroll rules (and the default one) whose name has the query.
func (a *API) HandleEmployersSearch(c *product.Call, req *employersSearchRequest) (any, *wire.Error) {
	names := []string{withDefaults(fixtures.PayrollRule{}, c.Now).Employer}
	for _, u := range c.Fixtures.Users {
		for _, acct := range u.Accounts {
			if acct.Payroll != nil && acct.Payroll.Employer != "" && !slices.Contains(names, acct.Payroll.Employer) {
				names = append(names, acct.Payroll.Employer)
			}
		}
	}
	q := strings.ToLower(strings.TrimSpace(req.Query))
	out := &employersSearchResponse{Employers: []any{}}
	for _, n := range names {
		if q == "" || !strings.Contains(strings.ToLower(n), q) {
			continue
		}
		score := 0.8
		if strings.EqualFold(n, q) {
			score = 1
		}
		out.Employers = append(out.Employers, map[string]any{"employer_id": ledger.HashID("employer\x00" + n)[:20], "name": n, "address": nil, "confidence_score": score})
	}
	return out, nil
}
