package cra

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// A report's life: GENERATING until its Ready time (2 seconds of a running
// clock, none on a frozen one), then READY (CHECK_REPORT_READY, or
// USER_CHECK_REPORT_READY for a user of the new user API) or FAILED (a
// user with no Item: DATA_UNAVAILABLE), and EXPIRED 24 hours after it was
// made. Every create makes a new report; reads take the newest.

// purposes are the permissible purposes of a consumer report.
var purposes = []string{"ACCOUNT_REVIEW_CREDIT", "ACCOUNT_REVIEW_NON_CREDIT", "EXTENSION_OF_CREDIT", "LEGITIMATE_BUSINESS_NEED_TENANT_SCREENING",
	"LEGITIMATE_BUSINESS_NEED_OTHER", "WRITTEN_INSTRUCTION_PREQUALIFICATION", "WRITTEN_INSTRUCTION_OTHER", "ELIGIBILITY_FOR_GOVT_BENEFITS"}

type userRequest struct {
	product.Credentials
	UserToken *string `json:"user_token"`
	UserID    *string `json:"user_id"`
}

type createRequest struct {
	userRequest
	Webhook            string          `json:"webhook" plaid:"required,format=url"`
	DaysRequested      int             `json:"days_requested" plaid:"required"`
	DaysRequired       *int            `json:"days_required"`
	ClientReportID     *string         `json:"client_report_id"`
	Products           []string        `json:"products"`
	BaseReport         json.RawMessage `json:"base_report"`
	CashflowInsights   json.RawMessage `json:"cashflow_insights"`
	PartnerInsights    json.RawMessage `json:"partner_insights"`
	LendScore          json.RawMessage `json:"lend_score"`
	NetworkInsights    json.RawMessage `json:"network_insights"`
	IncomeInsights     json.RawMessage `json:"income_insights"`
	IncludeInvestments *bool           `json:"include_investments"`
	Purpose            string          `json:"consumer_report_permissible_purpose" plaid:"required"`
}

// HandleCreate serves POST /cra/check_report/create: a new report of all
// the user's Items.
func (a *API) HandleCreate(c *product.Call, req *createRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return nil, err
	}
	if err := checkOptions(req.DaysRequested, req.DaysRequired, req.Purpose); err != nil {
		return nil, err
	}
	usable, failed := a.eligible(c, pu.ItemIDs)
	if rule := a.rule(c, usable); rule != nil && rule.FraudBlock {
		return nil, wire.New(wire.CodeFraudBlock)
	}
	r := Report{Days: max(req.DaysRequested, 180), Purpose: req.Purpose, Products: req.Products, ItemIDs: usable, Webhook: req.Webhook,
		ClientReportID: product.Deref(req.ClientReportID, "")}
	if req.DaysRequired != nil {
		r.DaysRequired = *req.DaysRequired
	}
	if len(failed) > 0 {
		c.Emit(product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: c.ClientID}, To: req.Webhook, Type: "CHECK_REPORT",
			Code: "UPGRADE_FAILED", Fields: map[string]any{"user_id": pu.ID, "item_ids": failed}}})
	}
	a.start(c, pu, r)
	return &wire.Response{}, nil
}

// eligible splits a user's Items into those a report can read and those
// it cannot (UPGRADE_FAILED): an Item in an error state (such as one
// needing a new login) or at an institution without Consumer Report.
func (a *API) eligible(c *product.Call, ids []string) (usable, failed []string) {
	for _, id := range ids {
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		inst := c.Fixtures.Institution(it.InstitutionID)
		if it.Err != nil || inst == nil || !slices.Contains(inst.Products, "cra_base_report") {
			failed = append(failed, id)
			continue
		}
		usable = append(usable, id)
	}
	return usable, failed
}

// access fails for a client not enabled for Consumer Report (its fixture
// lists products, none of them cra_*): Check is on for every other.
func access(c *product.Call) *wire.Error {
	if !c.Fixtures.ClientEnabled(c.ClientID, "cra_") {
		return wire.New(wire.CodeUnauthorizedRoute)
	}
	return nil
}

// checkOptions checks a report's days and purpose as Plaid does.
func checkOptions(days int, required *int, purpose string) *wire.Error {
	switch {
	case days < 1 || days > 731:
		return wire.New(wire.CodeInvalidField).WithMessage("days_requested must be 1 to 731")
	case required != nil && (*required < 0 || *required > 184):
		return wire.New(wire.CodeInvalidField).WithMessage("days_required must be 0 to 184")
	case !slices.Contains(purposes, purpose):
		return wire.New(wire.CodeInvalidField).WithMessage("consumer_report_permissible_purpose must be one of %s", strings.Join(purposes, ", "))
	}
	return nil
}

// Linked starts a report when Link ends for a user with a Consumer Report
// product and a permissible purpose: of the session's Item only.
func (a *API) Linked(c *product.Call, l product.UserLink) (map[string]any, *wire.Error) {
	var products []string
	var purpose string
	var opts struct {
		DaysRequested int  `json:"days_requested"`
		DaysRequired  *int `json:"days_required"`
	}
	_ = json.Unmarshal(l.Options["products"], &products)
	_ = json.Unmarshal(l.Options["consumer_report_permissible_purpose"], &purpose)
	_ = json.Unmarshal(l.Options["cra_options"], &opts)
	if purpose == "" || !slices.ContainsFunc(products, func(p string) bool { return strings.HasPrefix(p, "cra_") }) {
		return nil, nil
	}
	pu, ok := a.users.UserByID(l.UserID)
	if !ok {
		return nil, wire.New(wire.CodeUserNotFound)
	}
	r := Report{Days: max(opts.DaysRequested, 180), Purpose: purpose, Products: products, ItemIDs: []string{l.ItemID}, Webhook: l.Webhook}
	if opts.DaysRequired != nil {
		r.DaysRequired = *opts.DaysRequired
	}
	a.start(c, pu, r)
	return nil, nil
}

// start keeps r as the user's newest report, generating from now.
func (a *API) start(c *product.Call, pu product.PlaidUser, r Report) {
	r.ID, r.Created, r.Ready = a.door.NewUUID(), c.Now, c.Now
	r.Rule = a.rule(c, r.ItemIDs)
	delay := generation
	if r.Rule != nil && r.Rule.Delay != "" {
		delay, _ = time.ParseDuration(r.Rule.Delay)
	}
	if !a.door.Frozen() {
		r.Ready = c.Now.Add(delay)
	}
	switch {
	case len(r.ItemIDs) == 0:
		r.Failed = wire.CodeDataUnavailable
	case r.DaysRequired > 0 && a.history(r) < r.DaysRequired:
		r.Failed = wire.CodeHistoryNotSupported
	case r.Rule != nil && r.Rule.Outcome == "failed":
		r.Failed = r.Rule.Failure
		if r.Failed == "" {
			r.Failed = wire.CodeDataUnavailable
		}
	}
	a.keep(pu, r)
	if r.Ready.After(c.Now) {
		a.door.Later(r.Ready.Sub(c.Now), func() []product.Event { return a.settle(a.door.Now()) })
		return
	}
	c.Emit(a.settle(c.Now)...)
}

// history is how many days back the report's Items' oldest posted
// transaction goes (0: none).
func (a *API) history(r Report) int {
	today, oldest := ledger.Day(r.Created), ledger.Day(r.Created)
	for _, id := range r.ItemIDs {
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		rows, _ := a.door.IncomeRows(it, max(r.Days, r.DaysRequired), r.Created)
		for i := range rows {
			if t := &rows[i]; !t.Removed && !t.Pending {
				oldest = min(oldest, t.Date)
			}
		}
	}
	return int(today - oldest)
}

// keep adds r to the user's reports (the newest maxReports are kept).
func (a *API) keep(pu product.PlaidUser, r Report) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.userLocked(pu)
	u.Reports = append(u.Reports, r)
	if n := len(u.Reports); n > maxReports {
		u.Reports = slices.Delete(u.Reports, 0, n-maxReports)
	}
	a.door.StateChanged(a.Name())
}

// rule is the check report script of the first of the Items' personas
// that has one.
func (a *API) rule(c *product.Call, itemIDs []string) *fixtures.CheckReportRule {
	for _, id := range itemIDs {
		if it, ok := a.door.ItemByID(id); ok {
			if u := c.Fixtures.User(it.Username); u != nil && u.CheckReport != nil {
				rule := *u.CheckReport
				return &rule
			}
		}
	}
	return nil
}

// settle ends the generations due by now: the webhooks they send.
func (a *API) settle(now time.Time) []product.Event {
	var out []product.Event
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, u := range a.st.Users {
		for i := range u.Reports {
			r := &u.Reports[i]
			if r.Notified || now.Before(r.Ready) {
				continue
			}
			r.Notified = true
			code, fields := "CHECK_REPORT_READY", map[string]any{"user_id": id, "item_ids": product.NonNil(slices.Clone(r.ItemIDs))}
			if r.Failed != "" {
				code = "CHECK_REPORT_FAILED"
				fields["error"], fields["failed_products"] = wire.New(r.Failed), successful(r.Products)
			} else {
				fields["successful_products"], fields["failed_products"] = successful(r.Products), []string{}
				if r.Rule != nil && len(r.Rule.FailedProducts) > 0 {
					fields["successful_products"] = slices.DeleteFunc(successful(r.Products), func(p string) bool { return slices.Contains(r.Rule.FailedProducts, p) })
					fields["failed_products"] = slices.Clone(r.Rule.FailedProducts)
				}
			}
			if !u.Legacy {
				code = "USER_" + code
			}
			out = append(out, product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: u.ClientID}, To: r.Webhook, Type: "CHECK_REPORT", Code: code, Fields: fields}})
		}
	}
	if len(out) > 0 {
		a.door.StateChanged(a.Name())
	}
	return out
}

// Due ends the generations the clock has come to, and makes the daily
// Cash Flow Updates and servicing updates due.
func (a *API) Due(now time.Time) []product.Event {
	return slices.Concat(a.settle(now), a.monitorDaily(now), a.dailyUpdates(now))
}

// successful are the products a ready report has: the base report and the
// Consumer Report products asked for.
func successful(asked []string) []string {
	out := []string{"cra_base_report"}
	for _, p := range asked {
		if strings.HasPrefix(p, "cra_") && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// newest is the user's newest report, readable now, or Plaid's error for
// why it is not: none, generating, failed, expired.
func (a *API) newest(c *product.Call, req userRequest) (Report, product.PlaidUser, *wire.Error) {
	return a.report(c, req, nil)
}

// pin is plaid-node 47's choice of a report other than the newest.
type pin struct {
	ReportID *string `json:"report_id"`
	Purpose  *string `json:"consumer_report_permissible_purpose"`
}

// report is the user's report pinned by id (the newest without one), as newest.
func (a *API) report(c *product.Call, req userRequest, p *pin) (Report, product.PlaidUser, *wire.Error) {
	if err := access(c); err != nil {
		return Report{}, product.PlaidUser{}, err
	}
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return Report{}, pu, err
	}
	if p != nil && p.Purpose != nil && !slices.Contains(purposes, *p.Purpose) {
		return Report{}, pu, wire.New(wire.CodeInvalidField).WithMessage("consumer_report_permissible_purpose must be one of %s", strings.Join(purposes, ", "))
	}
	c.Emit(a.settle(c.Now)...)
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.st.Users[pu.ID]
	if u == nil || len(u.Reports) == 0 {
		return Report{}, pu, wire.New(wire.CodeConsumerReportNotFound)
	}
	r := u.Reports[len(u.Reports)-1]
	if p != nil && p.ReportID != nil {
		i := slices.IndexFunc(u.Reports, func(r Report) bool { return r.ID == *p.ReportID })
		if i < 0 {
			return Report{}, pu, wire.New(wire.CodeConsumerReportNotFound).WithMessage("this user has no report %s", *p.ReportID)
		}
		r = u.Reports[i]
	}
	switch {
	case c.Now.Before(r.Ready):
		e := wire.New(wire.CodeProductNotReady).WithMessage("the consumer report is still being generated: wait for the CHECK_REPORT_READY webhook")
		e.ErrorType, e.DocumentationURL = wire.TypeConsumerReportError, "https://plaid.com/docs/errors/check-report/#product_not_ready"
		return r, pu, e
	case r.Failed != "":
		return r, pu, wire.New(r.Failed)
	case !c.Now.Before(r.Created.Add(r.ttl())):
		return r, pu, wire.New(wire.CodeConsumerReportExpired).WithMessage("the consumer report expired %s after it was made: call /cra/check_report/create for a new one", r.ttl())
	}
	return r, pu, nil
}
