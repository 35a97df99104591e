package cra

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Loans: a lender reports the loans and applications it decided for its
// users back to Plaid Check. They are kept per client (a loan_id is the
// client's), listed on the user's page, and counted by Network Insights
// (plaid_conn_user_lifetime_lending_count). A request is all or nothing:
// every entry is checked before any is kept.

// maxLoans bounds the loans and applications a client keeps.
const maxLoans = 10000

// Loan is a registered loan.
type Loan struct {
	ClientID, UserID, ID string
	Type, Schedule       string
	Opened               string
	Status               []LoanStatus  // oldest first
	Amount               *float64      `json:",omitempty"`
	ApplicationID        string        `json:",omitempty"`
	Payments             []LoanPayment `json:",omitempty"`
	Closed               bool          `json:",omitempty"`
}

// LoanStatus is a status a loan took on a date.
type LoanStatus struct{ Status, Date string }

// LoanPayment is one period of a loan's payment history.
type LoanPayment struct {
	Period, DaysPastDue int
	DueDate             string
	AmountPastDue       *float64 `json:",omitempty"`
	BalanceRemaining    *float64 `json:",omitempty"`
}

// Application is a registered loan application and its decision.
type Application struct {
	ClientID, UserID, ID string
	Type, Decision       string
	Date, DecisionDate   string `json:",omitempty"`
}

type statusIn struct {
	Status string `json:"status"`
	Date   string `json:"date"`
}

type loansRegisterRequest struct {
	product.Credentials
	Loans []struct {
		UserToken   string   `json:"user_token"`
		LoanID      string   `json:"loan_id"`
		Type        string   `json:"type"`
		Schedule    string   `json:"payment_schedule"`
		Opened      string   `json:"opened_date"`
		Status      statusIn `json:"opened_with_status"`
		Amount      *float64 `json:"loan_amount"`
		Application *struct {
			ID   *string `json:"application_id"`
			Date *string `json:"application_date"`
		} `json:"application"`
	} `json:"loans"`
}

func loanKey(clientID, id string) string { return clientID + "\x00" + id }

// lender finds the user a loan names by user_token (a legacy user's
// token, or a new-API user's usr_ id: docs/choices.md).
func (a *API) lender(c *product.Call, token string) (product.PlaidUser, *wire.Error) {
	if len(token) > 4 && token[:4] == "usr_" {
		return a.users.FindUser(c.ClientID, &token, nil)
	}
	return a.users.FindUser(c.ClientID, nil, &token)
}

// HandleLoansRegister serves POST /cra/loans/register.
func (a *API) HandleLoansRegister(c *product.Call, req *loansRegisterRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	loans := make([]*Loan, 0, len(req.Loans))
	for _, l := range req.Loans {
		pu, err := a.lender(c, l.UserToken)
		if err != nil {
			return nil, err
		}
		ln := &Loan{ClientID: c.ClientID, UserID: pu.ID, ID: l.LoanID, Type: l.Type, Schedule: l.Schedule, Opened: l.Opened,
			Status: []LoanStatus{{l.Status.Status, l.Status.Date}}, Amount: l.Amount}
		if l.Application != nil && l.Application.ID != nil {
			ln.ApplicationID = *l.Application.ID
		}
		loans = append(loans, ln)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, ln := range loans {
		if a.st.Loans[loanKey(c.ClientID, ln.ID)] != nil || slices.ContainsFunc(loans[:i], func(o *Loan) bool { return o.ID == ln.ID }) {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("loan_id %q is already registered", ln.ID)
		}
	}
	if a.countLocked(c.ClientID)+len(loans) > maxLoans {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("a client keeps at most %d loans and applications", maxLoans)
	}
	for _, ln := range loans {
		a.st.Loans[loanKey(c.ClientID, ln.ID)] = ln
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

// countLocked counts a client's loans and applications. Callers hold a.mu.
func (a *API) countLocked(clientID string) int {
	n := 0
	for _, l := range a.st.Loans {
		if l.ClientID == clientID {
			n++
		}
	}
	for _, p := range a.st.Applications {
		if p.ClientID == clientID {
			n++
		}
	}
	return n
}

type loansUpdateRequest struct {
	product.Credentials
	Loans []struct {
		LoanID   *string    `json:"loan_id"`
		Status   []statusIn `json:"status_history"`
		Payments []struct {
			Period           int      `json:"period"`
			DueDate          string   `json:"due_date"`
			DaysPastDue      int      `json:"days_past_due"`
			AmountPastDue    *float64 `json:"amount_past_due"`
			BalanceRemaining *float64 `json:"balance_remaining"`
		} `json:"payment_history"`
	} `json:"loans"`
}

// HandleLoansUpdate serves POST /cra/loans/update: statuses and payments
// added to registered loans.
func (a *API) HandleLoansUpdate(c *product.Call, req *loansUpdateRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, l := range req.Loans {
		if l.LoanID == nil || a.st.Loans[loanKey(c.ClientID, *l.LoanID)] == nil {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("loans[].loan_id must name a registered loan")
		}
	}
	for _, l := range req.Loans {
		ln := a.st.Loans[loanKey(c.ClientID, *l.LoanID)]
		for _, s := range l.Status {
			ln.Status = append(ln.Status, LoanStatus{s.Status, s.Date})
		}
		for _, p := range l.Payments {
			ln.Payments = append(ln.Payments, LoanPayment{Period: p.Period, DaysPastDue: p.DaysPastDue, DueDate: p.DueDate,
				AmountPastDue: p.AmountPastDue, BalanceRemaining: p.BalanceRemaining})
		}
		ln.Status, ln.Payments = lastN(ln.Status), lastN(ln.Payments)
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

// lastN keeps a history's newest 500 entries.
func lastN[T any](s []T) []T {
	if len(s) > 500 {
		return slices.Clone(s[len(s)-500:])
	}
	return s
}

type loansUnregisterRequest struct {
	product.Credentials
	Loans []struct {
		LoanID string   `json:"loan_id"`
		Status statusIn `json:"closed_with_status"`
	} `json:"loans"`
}

// HandleLoansUnregister serves POST /cra/loans/unregister: the loans are
// closed with their last status (and still counted as lending history).
func (a *API) HandleLoansUnregister(c *product.Call, req *loansUnregisterRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, l := range req.Loans {
		if ln := a.st.Loans[loanKey(c.ClientID, l.LoanID)]; ln == nil || ln.Closed {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("loan_id %q is not a registered open loan", l.LoanID)
		}
	}
	for _, l := range req.Loans {
		ln := a.st.Loans[loanKey(c.ClientID, l.LoanID)]
		ln.Status, ln.Closed = lastN(append(ln.Status, LoanStatus{l.Status.Status, l.Status.Date})), true
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type applicationsRegisterRequest struct {
	product.Credentials
	Applications []struct {
		UserToken    string  `json:"user_token"`
		ID           string  `json:"application_id"`
		Type         string  `json:"type"`
		Decision     string  `json:"decision"`
		Date         *string `json:"application_date"`
		DecisionDate *string `json:"decision_date"`
	} `json:"applications"`
}

// HandleApplicationsRegister serves POST /cra/loans/applications/register:
// applications and their decisions, one per application_id (a later one
// replaces the decision).
func (a *API) HandleApplicationsRegister(c *product.Call, req *applicationsRegisterRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	apps := make([]*Application, 0, len(req.Applications))
	for _, p := range req.Applications {
		pu, err := a.lender(c, p.UserToken)
		if err != nil {
			return nil, err
		}
		apps = append(apps, &Application{ClientID: c.ClientID, UserID: pu.ID, ID: p.ID, Type: p.Type, Decision: p.Decision,
			Date: product.Deref(p.Date, ""), DecisionDate: product.Deref(p.DecisionDate, "")})
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	added := 0
	for _, p := range apps {
		if a.st.Applications[loanKey(c.ClientID, p.ID)] == nil {
			added++
		}
	}
	if a.countLocked(c.ClientID)+added > maxLoans {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("a client keeps at most %d loans and applications", maxLoans)
	}
	for _, p := range apps {
		a.st.Applications[loanKey(c.ClientID, p.ID)] = p
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

// lending counts the loans registered for a user (open or closed).
func (a *API) lending(userID string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, l := range a.st.Loans {
		if l.UserID == userID {
			n++
		}
	}
	return n
}
