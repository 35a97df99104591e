package income

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Bank Income: a report is made when a Plaid user finishes a Link session
// for income_verification with bank as the source (or
// /sandbox/public_token/create with options.income_verification), at
// once and without a webhook, as in Sandbox; /credit/bank_income/refresh
// makes another from the same Items.

// defaultBankDays is the history a Bank Income Link reads when the link
// token names no bank_income.days_requested.
const defaultBankDays = 90

// linkOptions is a link token's (or a Sandbox call's) income_verification.
type linkOptions struct {
	IncomeSourceTypes []string `json:"income_source_types"`
	BankIncome        *struct {
		DaysRequested *int `json:"days_requested"`
	} `json:"bank_income"`
	PayrollIncome *struct {
		FlowTypes     []string `json:"flow_types"`
		ParsingConfig []string `json:"parsing_config"`
	} `json:"payroll_income"`
}

// Linked hears of an Item made for a Plaid user: with income_verification
// for bank income, the user's new Bank Income report; for payroll, its
// processing. It answers the session's results as /link/token/get gives
// them (/credit/sessions/get names the institution by id and name).
func (a *API) Linked(c *product.Call, l product.UserLink) (map[string]any, *wire.Error) {
	var o linkOptions
	raw := l.Options["income_verification"]
	if len(raw) == 0 || json.Unmarshal(raw, &o) != nil || string(raw) == "null" {
		return nil, nil
	}
	pu, ok := a.users.UserByID(l.UserID)
	if !ok {
		return nil, wire.New(wire.CodeUserNotFound)
	}
	if slices.Contains(o.IncomeSourceTypes, "payroll") {
		return a.payrollLinked(c, pu, l, o)
	}
	days := defaultBankDays
	if o.BankIncome != nil && o.BankIncome.DaysRequested != nil {
		days = *o.BankIncome.DaysRequested
	}
	status := "APPROVED"
	if a.makeReport(c.Now, pu, []string{l.ItemID}, days, l.Webhook) == 0 {
		status = "NO_DEPOSITS_FOUND"
	}
	it, _ := a.door.ItemByID(l.ItemID)
	return map[string]any{"bank_income_results": []any{map[string]any{"status": status, "item_id": l.ItemID, "institution": institution(it)}}}, nil
}

// institution is a Link session result's institution.
func institution(it product.Item) map[string]any {
	return map[string]any{"name": it.InstitutionName, "institution_id": it.InstitutionID}
}

// makeReport derives a Bank Income report from itemIDs' transactions and
// keeps it as the user's newest.
func (a *API) makeReport(now time.Time, pu product.PlaidUser, itemIDs []string, days int, webhook string) (sources int) {
	var items []itemRows
	for _, id := range itemIDs {
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		rows, names := a.door.IncomeRows(it, days, now)
		items = append(items, itemRows{It: it, Rows: rows, Names: names})
	}
	id := a.door.NewUUID()
	rep := deriveReport(a.door.Catalog(), id, now, days, items)
	body := product.MustMarshal(rep)
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.userLocked(pu)
	u.Reports = append(u.Reports, Report{ID: id, Generated: now, Body: body})
	if n := len(u.Reports); n > maxReports {
		u.Reports = slices.Delete(u.Reports, 0, n-maxReports)
	}
	u.Days = days
	for _, id := range itemIDs {
		if !slices.Contains(u.ItemIDs, id) {
			u.ItemIDs = append(u.ItemIDs, id)
		}
	}
	if webhook != "" {
		u.Webhook = webhook
	}
	a.door.StateChanged(a.Name())
	return rep.Summary.SourcesCount
}

type userRequest struct {
	product.Credentials
	UserToken *string `json:"user_token"`
	UserID    *string `json:"user_id"`
}

type bankIncomeGetRequest struct {
	userRequest
	Options *struct {
		Count *int `json:"count"`
	} `json:"options"`
}

type bankIncomeGetResponse struct {
	BankIncome []json.RawMessage `json:"bank_income"`
	wire.Response
}

// AppendJSON writes the answer with the reports' bytes as they were made
// (encoding/json would check and compact every one again).
func (r *bankIncomeGetResponse) AppendJSON(b []byte, requestID string) []byte {
	b = append(b, `{"bank_income":[`...)
	for i, rep := range r.BankIncome {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, rep...)
	}
	b = append(b, `],"request_id":`...)
	return append(strconv.AppendQuote(b, requestID), '}')
}

// reports are the user's newest n reports, newest first, or
// INCOME_VERIFICATION_NOT_FOUND when there is none.
func (a *API) reports(c *product.Call, req userRequest, n int) ([]Report, product.PlaidUser, *wire.Error) {
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return nil, pu, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.st.Users[pu.ID]
	if u == nil || len(u.Reports) == 0 {
		return nil, pu, wire.New(wire.CodeIncomeNotFound)
	}
	var out []Report
	for i := len(u.Reports) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, u.Reports[i])
	}
	return out, pu, nil
}

// HandleBankIncomeGet serves POST /credit/bank_income/get: the user's
// newest options.count reports (default 1), newest first.
func (a *API) HandleBankIncomeGet(c *product.Call, req *bankIncomeGetRequest) (any, *wire.Error) {
	n := 1
	if req.Options != nil && req.Options.Count != nil {
		if n = *req.Options.Count; n < 1 {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("options.count must be at least 1")
		}
	}
	reps, _, err := a.reports(c, req.userRequest, n)
	if err != nil {
		return nil, err
	}
	out := &bankIncomeGetResponse{BankIncome: make([]json.RawMessage, len(reps))}
	for i, r := range reps {
		out.BankIncome[i] = r.Body
	}
	return out, nil
}

// HandleBankIncomePDF serves POST /credit/bank_income/pdf/get: the newest
// report as a one-page PDF.
func (a *API) HandleBankIncomePDF(c *product.Call, req *userRequest) (any, *wire.Error) {
	reps, _, err := a.reports(c, *req, 1)
	if err != nil {
		return nil, err
	}
	var r reportJSON
	if json.Unmarshal(reps[0].Body, &r) != nil {
		return nil, wire.New(wire.CodeInternalServerError)
	}
	lines := []string{"Bank Income report " + r.ID, "Generated " + r.GeneratedTime + fmt.Sprintf(", %d days", r.DaysRequested)}
	for _, it := range r.Items {
		lines = append(lines, "", it.InstitutionName+" (item "+it.ItemID+")")
		for _, s := range it.Sources {
			lines = append(lines, fmt.Sprintf("  %s: %s, %s, %d deposits, %.2f", s.Description, s.Category, s.PayFrequency, s.TransactionCount, s.TotalAmount))
		}
	}
	lines = append(lines, "", fmt.Sprintf("Total %.2f from %d sources", r.Summary.TotalAmount, r.Summary.SourcesCount))
	return &product.RawBody{ContentType: "application/pdf", Data: product.SimplePDF(lines)}, nil
}

type bankIncomeRefreshRequest struct {
	userRequest
	Options *struct {
		DaysRequested *int    `json:"days_requested" plaid:"min=1,max=731"`
		Webhook       *string `json:"webhook" plaid:"format=url"`
	} `json:"options"`
}

// HandleBankIncomeRefresh serves POST /credit/bank_income/refresh: a new
// report from all the user's Bank Income Items (over the last Link's
// days, or options.days_requested), then
// INCOME/BANK_INCOME_REFRESH_COMPLETE (FAILURE, and no report, when one
// of them needs its user to log in again).
func (a *API) HandleBankIncomeRefresh(c *product.Call, req *bankIncomeRefreshRequest) (any, *wire.Error) {
	_, pu, err := a.reports(c, req.userRequest, 1)
	if err != nil {
		return nil, err
	}
	days, ids, webhook := func() (int, []string, string) {
		a.mu.Lock()
		defer a.mu.Unlock()
		u := a.st.Users[pu.ID]
		return u.Days, slices.Clone(u.ItemIDs), u.Webhook
	}()
	if o := req.Options; o != nil {
		if o.DaysRequested != nil {
			days = *o.DaysRequested
		}
		webhook = product.Deref(o.Webhook, webhook)
	}
	result := "SUCCESS"
	for _, id := range ids {
		if it, ok := a.door.ItemByID(id); ok && it.Err != nil {
			result = "FAILURE"
		}
	}
	if result == "SUCCESS" {
		a.makeReport(c.Now, pu, ids, max(days, 1), "")
	}
	c.Emit(userWebhook(pu, webhook, "BANK_INCOME_REFRESH_COMPLETE", map[string]any{"result": result}))
	return &wire.Response{}, nil
}

type bankIncomeWebhookUpdateRequest struct {
	userRequest
	EnableWebhooks *bool `json:"enable_webhooks" plaid:"required"`
}

// HandleBankIncomeWebhookUpdate serves POST /credit/bank_income/webhook/update:
// whether the user hears BANK_INCOME_REFRESH_UPDATE.
func (a *API) HandleBankIncomeWebhookUpdate(c *product.Call, req *bankIncomeWebhookUpdateRequest) (any, *wire.Error) {
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.userLocked(pu).RefreshWebhooks = *req.EnableWebhooks
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type sandboxBankIncomeFireRequest struct {
	product.Credentials
	WebhookOverride *string `json:"webhook_override" plaid:"format=url"`
	WebhookCode     string  `json:"webhook_code" plaid:"required"`
	WebhookFields   *struct {
		UserID string  `json:"user_id" plaid:"required,minlen=1"`
		Result *string `json:"bank_income_refresh_complete_result"`
	} `json:"webhook_fields" plaid:"required"`
}

// HandleSandboxBankIncomeFire serves POST /sandbox/bank_income/fire_webhook:
// the webhook, for the client's user (to its income webhook unless
// webhook_override names another).
func (a *API) HandleSandboxBankIncomeFire(c *product.Call, req *sandboxBankIncomeFireRequest) (any, *wire.Error) {
	f := req.WebhookFields
	pu, found := a.users.UserByID(f.UserID)
	if !found || pu.ClientID != c.ClientID {
		pu, found = product.PlaidUser{ID: f.UserID, ClientID: c.ClientID}, false
	}
	to := product.Deref(req.WebhookOverride, "")
	if to == "" && found {
		to = a.webhookOf(pu.ID)
	}
	if to == "" {
		return nil, wire.New(wire.CodeSandboxWebhookInvalid).WithMessage("no webhook to send to: the user has no income Link with a webhook; give webhook_override")
	}
	fields := map[string]any{}
	if req.WebhookCode == "BANK_INCOME_REFRESH_COMPLETE" {
		fields["result"] = product.Deref(f.Result, "SUCCESS")
	}
	c.Emit(userWebhook(pu, to, req.WebhookCode, fields))
	return &wire.Response{}, nil
}

// webhookOf is where the user's INCOME webhooks go ("": nowhere).
func (a *API) webhookOf(userID string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if u := a.st.Users[userID]; u != nil {
		return u.Webhook
	}
	return ""
}

// userWebhook is an INCOME webhook about a user: user_id, no item_id.
func userWebhook(pu product.PlaidUser, to, code string, fields map[string]any) product.Event {
	fields["user_id"] = pu.ID
	return product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: pu.ClientID}, To: to, Type: "INCOME", Code: code, Fields: fields}}
}
