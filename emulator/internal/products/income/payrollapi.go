package income

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The Payroll Income and Employment endpoints.

type payrollGetRequest struct {
	userRequest
	Options *struct {
		ItemIDs []string `json:"item_ids"`
	} `json:"options"`
}

func (r *payrollGetRequest) itemIDs() []string {
	if r.Options == nil {
		return nil
	}
	return r.Options.ItemIDs
}

type itemsResponse struct {
	Items []map[string]any `json:"items"`
	wire.Response
}

type payrollGetResponse struct {
	Items []map[string]any `json:"items"`
	Error *wire.Error      `json:"error"`
	wire.Response
}

// HandlePayrollIncomeGet serves POST /credit/payroll_income/get: each
// payroll Item's pay stubs and W-2s (a document flow's, from its uploads),
// each with a single-use download URL that lasts 2 minutes.
func (a *API) HandlePayrollIncomeGet(c *product.Call, req *payrollGetRequest) (any, *wire.Error) {
	ps, _, err := a.payrolls(c, req.userRequest, req.itemIDs())
	if err != nil {
		return nil, err
	}
	out := &payrollGetResponse{Items: []map[string]any{}}
	for _, p := range ps {
		if err := ready(p, c.Now); err != nil {
			return nil, err
		}
		it, ok := a.door.ItemByID(p.ItemID)
		if !ok {
			continue
		}
		r, acct := ruleOf(it)
		acctID := ""
		if acct < len(it.Accounts) {
			acctID = it.Accounts[acct].ID
		}
		income := map[string]any{"account_id": nilIfEmpty(acctID), "pay_stubs": []any{}, "w2s": []any{}, "form1099s": []any{}}
		if p.Flow == flowDocument {
			a.documentIncome(c, it, r, acct, p, income)
		} else {
			for _, pp := range payPeriods(r.PayFrequency, it.CreatedAt, r.PayStubs) {
				stub := payStub(it, r, acct, pp, nil)
				stub["document_metadata"].(map[string]any)["download_url"] = a.downloadURL(c, c.ClientID, stub)
				income["pay_stubs"] = append(income["pay_stubs"].([]any), stub)
			}
			for _, y := range r.W2Years {
				w := w2(it, r, acct, y, nil)
				w["document_metadata"].(map[string]any)["download_url"] = a.downloadURL(c, c.ClientID, w)
				income["w2s"] = append(income["w2s"].([]any), w)
			}
		}
		out.Items = append(out.Items, map[string]any{"item_id": it.ID, "institution_id": it.InstitutionID, "institution_name": it.InstitutionName,
			"accounts": []any{map[string]any{"account_id": nilIfEmpty(acctID), "pay_frequency": r.PayFrequency,
				"rate_of_pay": map[string]any{"pay_rate": "ANNUAL", "pay_amount": round2(r.Gross * float64(periodsPerYear(r.PayFrequency)))}}},
			"payroll_income": []any{income}, "status": map[string]any{"processing_status": "PROCESSING_COMPLETE"},
			"updated_at": product.RFC3339(p.Ready)})
	}
	return out, nil
}

// HandleEmploymentGet serves POST /credit/employment/get: the employment
// each digital payroll Item shows; none is EMPLOYMENT_NOT_FOUND.
func (a *API) HandleEmploymentGet(c *product.Call, req *userRequest) (any, *wire.Error) {
	ps, _, err := a.payrolls(c, *req, nil)
	if err != nil && err.ErrorCode != wire.CodeIncomeNotFound {
		return nil, err
	}
	out := &itemsResponse{Items: []map[string]any{}}
	for _, p := range ps {
		it, ok := a.door.ItemByID(p.ItemID)
		if p.Flow != flowDigital || !ok {
			continue
		}
		if err := ready(p, c.Now); err != nil {
			return nil, err
		}
		r, acct := ruleOf(it)
		out.Items = append(out.Items, map[string]any{"item_id": it.ID, "employments": []any{employment(it, r, acct)}})
	}
	if len(out.Items) == 0 {
		return nil, wire.New(wire.CodeEmploymentNotFound)
	}
	return out, nil
}

// HandleRiskSignalsGet serves POST /credit/payroll_income/risk_signals/get:
// the fraud signals of each uploaded document (none for a provider login).
func (a *API) HandleRiskSignalsGet(c *product.Call, req *payrollGetRequest) (any, *wire.Error) {
	ps, _, err := a.payrolls(c, req.userRequest, req.itemIDs())
	if err != nil {
		return nil, err
	}
	out := &itemsResponse{Items: []map[string]any{}}
	for _, p := range ps {
		if err := ready(p, c.Now); err != nil {
			return nil, err
		}
		out.Items = append(out.Items, map[string]any{"item_id": p.ItemID, "verification_risk_signals": a.riskSignals(p)})
	}
	return out, nil
}

type precheckRequest struct {
	product.Credentials
	UserToken    *string  `json:"user_token"`
	UserID       *string  `json:"user_id"`
	AccessTokens []string `json:"access_tokens"`
	Employer     *struct {
		Name    *string        `json:"name"`
		Address map[string]any `json:"address"`
		TaxID   *string        `json:"tax_id"`
		URL     *string        `json:"url"`
	} `json:"employer"`
	USMilitaryInfo *struct {
		IsActiveDuty *bool   `json:"is_active_duty"`
		Branch       *string `json:"branch"`
	} `json:"us_military_info"`
	PayrollInstitution *struct {
		Name *string `json:"name"`
	} `json:"payroll_institution"`
}

type precheckResponse struct {
	Confidence string `json:"confidence"`
	wire.Response
}

// HandlePrecheck serves POST /credit/payroll_income/precheck with Sandbox's
// test values: employer employer_good or employer_multi, or an access
// token access_good, is HIGH; employer_bad or access_bad LOW; else UNKNOWN.
func (a *API) HandlePrecheck(c *product.Call, req *precheckRequest) (any, *wire.Error) {
	if product.Deref(req.UserID, "") != "" || product.Deref(req.UserToken, "") != "" {
		if _, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken); err != nil {
			return nil, err
		}
	}
	conf := "UNKNOWN"
	name := ""
	if req.Employer != nil {
		name = product.Deref(req.Employer.Name, "")
	}
	switch {
	case name == "employer_good" || name == "employer_multi" || slices.Contains(req.AccessTokens, "access_good"):
		conf = "HIGH"
	case name == "employer_bad" || slices.Contains(req.AccessTokens, "access_bad"):
		conf = "LOW"
	}
	return &precheckResponse{Confidence: conf}, nil
}

type payrollRefreshRequest struct {
	userRequest
	Options *struct {
		ItemIDs []string `json:"item_ids"`
		Webhook *string  `json:"webhook" plaid:"format=url"`
	} `json:"options"`
}

type payrollRefreshResponse struct {
	Status string `json:"verification_refresh_status"`
	wire.Response
}

// HandlePayrollRefresh serves POST /credit/payroll_income/refresh: what the
// first payroll Item's rule says. SUCCESSFUL processes the digital Items
// again (INCOME_VERIFICATION when done); USER_PRESENCE_REQUIRED sends
// INCOME_VERIFICATION_REFRESH_RECONNECT_NEEDED.
func (a *API) HandlePayrollRefresh(c *product.Call, req *payrollRefreshRequest) (any, *wire.Error) {
	var ids []string
	if req.Options != nil {
		ids = req.Options.ItemIDs
	}
	ps, pu, err := a.payrolls(c, req.userRequest, ids)
	if err != nil {
		return nil, err
	}
	it, _ := a.door.ItemByID(ps[0].ItemID)
	r, _ := ruleOf(it)
	to := product.Deref(it.Webhook, "")
	if req.Options != nil {
		to = product.Deref(req.Options.Webhook, to)
	}
	switch r.Refresh {
	case "USER_PRESENCE_REQUIRED":
		c.Emit(userWebhook(pu, to, regimeCode(pu.Legacy, "INCOME_VERIFICATION_REFRESH_RECONNECT_NEEDED"), map[string]any{}))
	case "SUCCESSFUL":
		delay, _ := time.ParseDuration(r.ProcessingDelay)
		func() {
			a.mu.Lock()
			defer a.mu.Unlock()
			for i := range a.st.Users[pu.ID].Payroll {
				if p := &a.st.Users[pu.ID].Payroll[i]; p.Flow == flowDigital && (len(ids) == 0 || slices.Contains(ids, p.ItemID)) {
					p.Notified, p.Ready = false, c.Now.Add(delay)
				}
			}
			a.door.StateChanged(a.Name())
		}()
		c.Emit(a.settle(c.Now)...)
	}
	return &payrollRefreshResponse{Status: r.Refresh}, nil
}

type parsingConfigRequest struct {
	userRequest
	ItemID        *string  `json:"item_id"`
	ParsingConfig []string `json:"parsing_config" plaid:"required"`
}

// HandleParsingConfigUpdate serves POST /credit/payroll_income/parsing_config/update:
// what processing the user's document Items (or item_id's) do next.
func (a *API) HandleParsingConfigUpdate(c *product.Call, req *parsingConfigRequest) (any, *wire.Error) {
	for _, pc := range req.ParsingConfig {
		if pc != "ocr" && pc != "risk_signals" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("parsing_config takes ocr and risk_signals, not %q", pc)
		}
	}
	var ids []string
	if req.ItemID != nil {
		ids = []string{*req.ItemID}
	}
	_, pu, err := a.payrolls(c, req.userRequest, ids)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range a.st.Users[pu.ID].Payroll {
		if p := &a.st.Users[pu.ID].Payroll[i]; len(ids) == 0 || p.ItemID == ids[0] {
			p.ParsingConfig = slices.Clone(req.ParsingConfig)
		}
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type sandboxIncomeFireRequest struct {
	product.Credentials
	ItemID             string  `json:"item_id" plaid:"required,minlen=1"`
	UserID             *string `json:"user_id"`
	Webhook            string  `json:"webhook" plaid:"required,format=url"`
	VerificationStatus *string `json:"verification_status"`
	WebhookCode        string  `json:"webhook_code" plaid:"required"`
}

// HandleSandboxIncomeFire serves POST /sandbox/income/fire_webhook: the
// webhook, for one of the client's Items, to the URL given.
func (a *API) HandleSandboxIncomeFire(c *product.Call, req *sandboxIncomeFireRequest) (any, *wire.Error) {
	it, ok := a.door.ItemByID(req.ItemID)
	if !ok || it.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeItemNotFound)
	}
	fields := map[string]any{"item_id": it.ID}
	if req.UserID != nil {
		fields["user_id"] = *req.UserID
	}
	if strings.HasSuffix(req.WebhookCode, "RISK_SIGNALS") {
		fields["risk_signals_status"] = "RISK_SIGNALS_PROCESSING_COMPLETE"
	} else {
		fields["verification_status"] = product.Deref(req.VerificationStatus, "VERIFICATION_STATUS_PROCESSING_COMPLETE")
	}
	c.Emit(product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: c.ClientID}, To: req.Webhook, Type: "INCOME", Code: req.WebhookCode, Fields: fields}})
	return &wire.Response{}, nil
}
