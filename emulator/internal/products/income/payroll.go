package income

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Payroll Income: a Plaid user logs in to a payroll provider in Link (or
// uploads documents); processing runs on the emulator clock (at once unless
// the payroll account's fixture rule gives a delay), then INCOME
// INCOME_VERIFICATION (USER_INCOME_VERIFICATION for a user of the new user
// API) goes to the Item's webhook, and /credit/payroll_income/get and
// /credit/employment/get answer from the account's rule.

// maxPayroll bounds the payroll Items kept per user (the newest).
const maxPayroll = 20

// Flows of payroll income (link token income_verification.payroll_income.flow_types).
const (
	flowDigital  = "payroll_digital_income"
	flowDocument = "payroll_document_income"
)

// Payroll is one payroll Item of a user.
type Payroll struct {
	ItemID        string
	Flow          string
	Created       time.Time
	Ready         time.Time // processing ends
	Failed        bool
	Notified      bool     // the INCOME_VERIFICATION webhook went
	ParsingConfig []string `json:",omitempty"`
	// Documents are a document flow's uploads (documents.go).
	Documents []Document `json:",omitempty"`
}

// AccountExt keeps a fixture account's payroll rule on the account.
func (a *API) AccountExt(fa *fixtures.Account) any {
	if fa.Payroll == nil {
		return nil
	}
	return fa.Payroll
}

// ruleOf is the payroll rule of the Item's payroll account (the first of
// subtype payroll, else the first), with the defaults filled in.
func ruleOf(it product.Item) (fixtures.PayrollRule, int) {
	var r fixtures.PayrollRule
	at := 0
	for i, acct := range it.Accounts {
		if acct.Ext.Get("income", &r) || product.Deref(acct.Subtype, "") == "payroll" {
			at = i
			break
		}
	}
	return withDefaults(r, it.CreatedAt), at
}

func withDefaults(r fixtures.PayrollRule, made time.Time) fixtures.PayrollRule {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&r.Employer, "Heartland Toy Company")
	def(&r.Title, "Software Engineer")
	def(&r.EmployeeType, "FULL_TIME")
	def(&r.Status, "ACTIVE")
	def(&r.StartDate, made.UTC().AddDate(-3, 0, 0).Format(time.DateOnly))
	def(&r.PayFrequency, "BIWEEKLY")
	def(&r.Refresh, "SUCCESSFUL")
	if r.EmployerAddress == nil {
		r.EmployerAddress = &fixtures.PayrollAddress{Street: "1 Toy Way", City: "Burbank", Region: "CA", PostalCode: "91502", Country: "US"}
	}
	if r.Gross == 0 {
		r.Gross = 3846.15
	}
	if r.Deductions == nil {
		r.Deductions = []fixtures.PayrollDeduction{{Description: "Federal Income Tax", Amount: round2(r.Gross * 0.18)},
			{Description: "Social Security", Amount: round2(r.Gross * 0.062)}, {Description: "Medicare", Amount: round2(r.Gross * 0.0145)},
			{Description: "401K", Amount: round2(r.Gross * 0.04)}}
	}
	if r.PayStubs == 0 {
		r.PayStubs = 2 // what Sandbox gives (plaid-go's own suite)
	}
	if r.W2Years == nil {
		r.W2Years = []string{made.UTC().AddDate(-1, 0, 0).Format("2006")}
	}
	return r
}

// payrollLinked records a payroll Item of the user after Link, processing
// from now on.
func (a *API) payrollLinked(c *product.Call, pu product.PlaidUser, l product.UserLink, o linkOptions) (map[string]any, *wire.Error) {
	itemID := l.ItemID
	it, ok := a.door.ItemByID(itemID)
	if !ok {
		return nil, wire.New(wire.CodeItemNotFound)
	}
	rule, _ := ruleOf(it)
	delay, _ := time.ParseDuration(rule.ProcessingDelay)
	p := Payroll{ItemID: itemID, Flow: flowDigital, Created: c.Now, Ready: c.Now.Add(delay), Failed: rule.Fail}
	if pi := o.PayrollIncome; pi != nil {
		if len(pi.FlowTypes) > 0 && pi.FlowTypes[0] == flowDocument {
			p.Flow = flowDocument
		}
		p.ParsingConfig = pi.ParsingConfig
	}
	if p.Flow == flowDocument {
		docs, err := documentsOf(itemID, l.Documents)
		if err != nil {
			return nil, err
		}
		p.Documents = docs
	}
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		u := a.userLocked(pu)
		u.Payroll = slices.DeleteFunc(u.Payroll, func(q Payroll) bool { return q.ItemID == itemID })
		u.Payroll = append(u.Payroll, p)
		if n := len(u.Payroll); n > maxPayroll {
			u.Payroll = slices.Delete(u.Payroll, 0, n-maxPayroll)
		}
		a.door.StateChanged(a.Name())
	}()
	c.Emit(a.settle(c.Now)...)
	if p.Flow == flowDocument {
		n := map[string]int{}
		for _, d := range p.Documents {
			n[d.Type]++
		}
		return map[string]any{"document_income_results": map[string]any{"num_paystubs_uploaded": n["PAYSTUB"], "num_w2s_uploaded": n["US_TAX_W2"],
			"num_bank_statements_uploaded": n["BANK_STATEMENT"], "num_1099s_uploaded": 0}}, nil
	}
	return map[string]any{"payroll_income_results": []any{map[string]any{"num_paystubs_retrieved": rule.PayStubs, "num_w2s_retrieved": len(rule.W2Years),
		"institution": institution(it)}}}, nil
}

// settle ends the processing that is due by now: the webhooks it sends.
func (a *API) settle(now time.Time) []product.Event {
	type done struct {
		user   string
		legacy bool
		p      Payroll
	}
	var due []done
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		for id, u := range a.st.Users {
			for i := range u.Payroll {
				if p := &u.Payroll[i]; !p.Notified && !now.Before(p.Ready) {
					p.Notified = true
					due = append(due, done{id, u.Legacy, *p})
				}
			}
		}
		if len(due) > 0 {
			a.door.StateChanged(a.Name())
		}
	}()
	var out []product.Event
	for _, d := range due {
		it, ok := a.door.ItemByID(d.p.ItemID)
		if !ok {
			continue
		}
		status := "VERIFICATION_STATUS_PROCESSING_COMPLETE"
		if d.p.Failed {
			status = "VERIFICATION_STATUS_PROCESSING_FAILED"
		}
		out = append(out, product.WebhookFired{It: it, Type: "INCOME", Code: regimeCode(d.legacy, "INCOME_VERIFICATION"),
			Fields: map[string]any{"user_id": d.user, "verification_status": status}})
		if slices.Contains(d.p.ParsingConfig, "risk_signals") {
			out = append(out, product.WebhookFired{It: it, Type: "INCOME", Code: regimeCode(d.legacy, "INCOME_VERIFICATION_RISK_SIGNALS"),
				Fields: map[string]any{"user_id": d.user, "risk_signals_status": "RISK_SIGNALS_PROCESSING_COMPLETE"}})
		}
	}
	return out
}

// Due ends the processing the clock has come to.
func (a *API) Due(now time.Time) []product.Event { return a.settle(now) }

// regimeCode is a webhook code as the user's regime names it: the legacy
// code, or USER_ before it for a user of the new API.
func regimeCode(legacy bool, code string) string {
	if legacy {
		return code
	}
	return "USER_" + code
}

// payrolls are the user's payroll Items (those of itemIDs when given),
// after settling what is due; a user with none is
// INCOME_VERIFICATION_NOT_FOUND.
func (a *API) payrolls(c *product.Call, req userRequest, itemIDs []string) ([]Payroll, product.PlaidUser, *wire.Error) {
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return nil, pu, err
	}
	c.Emit(a.settle(c.Now)...)
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Payroll
	if u := a.st.Users[pu.ID]; u != nil {
		for _, p := range u.Payroll {
			if len(itemIDs) == 0 || slices.Contains(itemIDs, p.ItemID) {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		return nil, pu, wire.New(wire.CodeIncomeNotFound)
	}
	return out, pu, nil
}

// ready fails for a payroll Item still processing (PRODUCT_NOT_READY) or
// failed (INCOME_VERIFICATION_FAILED).
func ready(p Payroll, now time.Time) *wire.Error {
	switch {
	case now.Before(p.Ready):
		e := wire.New(wire.CodeProductNotReady).WithMessage("the income verification is still processing: wait for the INCOME_VERIFICATION webhook")
		e.ErrorType, e.DocumentationURL = wire.TypeIncomeError, "https://plaid.com/docs/errors/income/#product_not_ready"
		return e
	case p.Failed:
		return wire.New(wire.CodeIncomeFailed)
	}
	return nil
}
