package transfer

import (
	"encoding/json"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Recurring transfers (https://plaid.com/docs/transfer/recurring-transfers/): a schedule of originations, each
// re-running the authorization check, driven by a test clock when one is
// given, else by the emulator clock (due originations are made whenever
// the client next calls a recurring or list endpoint).

// Schedule is a recurring transfer's schedule.
type Schedule struct {
	IntervalUnit         string  `json:"interval_unit"`
	IntervalCount        int     `json:"interval_count"`
	IntervalExecutionDay int     `json:"interval_execution_day"`
	StartDate            string  `json:"start_date"`
	EndDate              *string `json:"end_date"`
}

// Recurring is a recurring transfer, as --state keeps it.
type Recurring struct {
	ID, ClientID, ItemID, AccountID  string
	Type, Network, Amount, Desc, Key string
	ACHClass                         *string
	User                             json.RawMessage
	Schedule                         Schedule
	TestClockID                      string
	Created                          time.Time
	Status                           string
	TransferIDs                      []string
	Nominal                          int // originations scheduled so far (the next is the Nominal-th)
}

// maxPerAdvance bounds the originations one clock advance makes for a
// recurring transfer (https://plaid.com/docs/transfer/recurring-transfers/).
const maxPerAdvance = 20

// nominal is the n-th execution day of s (0: the first on or after its
// start), before any banking-day move.
func (s Schedule) nominal(n int) (time.Time, bool) {
	start, err := time.Parse(time.DateOnly, s.StartDate)
	if err != nil || s.IntervalCount < 1 {
		return time.Time{}, false
	}
	if s.IntervalUnit == "week" {
		wd := time.Weekday(s.IntervalExecutionDay % 7) // 1 Monday … 5 Friday
		d := start
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, 1)
		}
		return d.AddDate(0, 0, 7*s.IntervalCount*n), true
	}
	dayIn := func(y int, m time.Month) time.Time {
		if s.IntervalExecutionDay > 0 {
			return time.Date(y, m, s.IntervalExecutionDay, 0, 0, 0, 0, time.UTC)
		}
		last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
		return last.AddDate(0, 0, s.IntervalExecutionDay+1) // -1: the last day
	}
	first := dayIn(start.Year(), start.Month())
	if first.Before(start) {
		first = dayIn(start.Year(), start.Month()+1)
	}
	m := first.Month() + time.Month(s.IntervalCount*n)
	return dayIn(first.Year(), m), true
}

// origination is the n-th origination date: the nominal day moved to the
// next banking day, if that is still on or before the end date; ok is
// false past the end.
func (s Schedule) origination(n int) (d time.Time, skipped, ok bool) {
	nom, ok := s.nominal(n)
	if !ok {
		return time.Time{}, false, false
	}
	var end time.Time
	if s.EndDate != nil {
		end, _ = time.Parse(time.DateOnly, *s.EndDate)
		if nom.After(end) {
			return time.Time{}, false, false
		}
	}
	d = bankingDay(nom)
	if s.EndDate != nil && d.After(end) {
		return nom, true, true // the move would pass the end: no origination that time
	}
	return d, false, true
}

func (r *Recurring) json() map[string]any {
	var next any
	if r.Status == "active" {
		if d, _, ok := r.Schedule.origination(r.Nominal); ok {
			next = d.Format(time.DateOnly)
		}
	}
	var clock any
	if r.TestClockID != "" {
		clock = r.TestClockID
	}
	return map[string]any{
		"recurring_transfer_id": r.ID, "created": r.Created.UTC().Format(time.RFC3339), "next_origination_date": next,
		"test_clock_id": clock, "type": r.Type, "amount": r.Amount, "status": r.Status, "ach_class": r.ACHClass, "network": r.Network,
		"origination_account_id": "", "account_id": r.AccountID, "funding_account_id": "", "iso_currency_code": "USD",
		"description": r.Desc, "transfer_ids": append([]string{}, r.TransferIDs...), "user": userInResponse(r.User), "schedule": r.Schedule,
	}
}

// originateLocked makes r's originations due by now (at most
// maxPerAdvance), each after a fresh authorization check, and returns the
// events to publish. Callers hold a.mu.
func (a *API) originateLocked(c *product.Call, r *Recurring, now time.Time) []product.Event {
	it, found := a.door.ItemByID(r.ItemID)
	i := product.AccountIndex(it, r.AccountID)
	var evs []product.Event
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for made := 0; r.Status == "active" && made < maxPerAdvance; made++ {
		d, skipped, ok := r.Schedule.origination(r.Nominal)
		if !ok {
			r.Status = "expired"
			break
		}
		if d.After(today) {
			break
		}
		r.Nominal++
		if skipped || !found || i < 0 {
			continue
		}
		amount, _ := product.Cents(r.Amount)
		decision, why := a.decideLocked(c, it, i, r.Type, "", amount)
		if decision != "approved" {
			code := ""
			if why != nil {
				code = why.Code
			}
			evs = append(evs, RecurringTransferSkipped{It: it, RecurringID: r.ID, Decision: decision, RationaleCode: code, Date: d.Format(time.DateOnly)})
			continue
		}
		// It is made on its day: at noon UTC, or now if that is earlier.
		at := now
		if noon := d.Add(12 * time.Hour); noon.Before(now) {
			at = noon
		}
		t := &Transfer{ID: a.door.NewUUID(), ClientID: r.ClientID, AccountID: r.AccountID, Type: r.Type, Network: networkAt(r.Network, at),
			Amount: r.Amount, Description: r.Desc, ACHClass: r.ACHClass, User: r.User, Created: at, Status: "pending", RecurringID: r.ID}
		a.st.Transfers[t.ID] = t
		a.addEventLocked(t, "pending", at)
		a.scriptReturnLocked(t, ruleOf(it.Accounts[i]))
		r.TransferIDs = append(r.TransferIDs, t.ID)
		evs = append(evs, RecurringNewTransfer{It: it, RecurringID: r.ID, TransferID: t.ID}, EventsUpdate{It: it})
	}
	if _, _, ok := r.Schedule.origination(r.Nominal); !ok && r.Status == "active" {
		r.Status = "expired"
	}
	return evs
}

// catchUpLocked makes the due originations of the client's recurring
// transfers that follow the emulator clock. Callers hold a.mu.
func (a *API) catchUpLocked(c *product.Call) []product.Event {
	var evs []product.Event
	for _, r := range a.st.Recurring {
		if r.ClientID == c.ClientID && r.TestClockID == "" && r.Status == "active" {
			evs = append(evs, a.originateLocked(c, r, c.Now)...)
		}
	}
	return evs
}

type recurringCreateRequest struct {
	product.Credentials
	AccessToken      string          `json:"access_token" plaid:"required"`
	IdempotencyKey   string          `json:"idempotency_key" plaid:"required,minlen=1,maxlen=50"`
	AccountID        string          `json:"account_id" plaid:"required"`
	FundingAccountID *string         `json:"funding_account_id"`
	Type             string          `json:"type" plaid:"required"`
	Network          string          `json:"network" plaid:"required"`
	ACHClass         *string         `json:"ach_class"`
	Amount           string          `json:"amount" plaid:"required"`
	UserPresent      *bool           `json:"user_present"`
	ISOCurrencyCode  *string         `json:"iso_currency_code"`
	Description      string          `json:"description" plaid:"required"`
	TestClockID      *string         `json:"test_clock_id"`
	Schedule         Schedule        `json:"schedule" plaid:"required"`
	User             json.RawMessage `json:"user" plaid:"required"`
	Device           json.RawMessage `json:"device"`
}

type recurringCreateResponse struct {
	Recurring any        `json:"recurring_transfer"`
	Decision  string     `json:"decision"`
	Rationale *Rationale `json:"decision_rationale"`
	wire.Response
}

// HandleRecurringCreate serves POST /transfer/recurring/create: the
// authorization check once, then the schedule (a declined one makes none).
func (a *API) HandleRecurringCreate(c *product.Call, req *recurringCreateRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	i := product.AccountIndex(it, req.AccountID)
	if i < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	amount, ok := product.Cents(req.Amount)
	sc := req.Schedule
	switch {
	case !ok:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places")
	case sc.IntervalUnit == "week" && (sc.IntervalExecutionDay < 1 || sc.IntervalExecutionDay > 5):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("schedule.interval_execution_day must be 1 (Monday) to 5 (Friday) for weekly schedules")
	case sc.IntervalUnit == "month" && (sc.IntervalExecutionDay == 0 || sc.IntervalExecutionDay > 28 || sc.IntervalExecutionDay < -5):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("schedule.interval_execution_day must be 1 to 28, or -1 to -5, for monthly schedules")
	}
	if err := checkProposed(it.Accounts[i], req.Type, req.Network, req.ACHClass); err != nil {
		return nil, err
	}
	key := c.ClientID + "\x00" + req.IdempotencyKey
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.st.Recurring {
		if r.Key == key {
			return &recurringCreateResponse{Recurring: r.json(), Decision: "approved"}, nil
		}
	}
	now := c.Now
	clock := ""
	if req.TestClockID != nil && *req.TestClockID != "" {
		tc := a.st.Clocks[*req.TestClockID]
		if tc == nil || tc.ClientID != c.ClientID {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("test_clock_id is not a known test clock")
		}
		clock, now = tc.ID, tc.Virtual
	}
	decision, why := a.decideLocked(c, it, i, req.Type, "", amount)
	if decision != "approved" {
		return &recurringCreateResponse{Recurring: nil, Decision: decision, Rationale: why}, nil
	}
	r := &Recurring{ID: a.door.NewUUID(), ClientID: c.ClientID, ItemID: it.ID, AccountID: req.AccountID, Type: req.Type, Network: req.Network,
		Amount: product.Money(amount), Desc: req.Description, Key: key, ACHClass: req.ACHClass, User: req.User, Schedule: sc, TestClockID: clock,
		Created: now, Status: "active"}
	a.st.Recurring[r.ID] = r
	c.Emit(a.originateLocked(c, r, now)...) // a start date of today originates at once
	defer a.door.StateChanged(a.Name())
	return &recurringCreateResponse{Recurring: r.json(), Decision: "approved"}, nil
}

type recurringIDRequest struct {
	product.Credentials
	RecurringTransferID string `json:"recurring_transfer_id" plaid:"required"`
}

type recurringResponse struct {
	Recurring map[string]any `json:"recurring_transfer"`
	wire.Response
}

func (a *API) recurringLocked(c *product.Call, id string) (*Recurring, *wire.Error) {
	r := a.st.Recurring[id]
	if r == nil || r.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("recurring_transfer_id is not a known recurring transfer")
	}
	return r, nil
}

// HandleRecurringGet serves POST /transfer/recurring/get.
func (a *API) HandleRecurringGet(c *product.Call, req *recurringIDRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.catchUpLocked(c)...)
	r, err := a.recurringLocked(c, req.RecurringTransferID)
	if err != nil {
		return nil, err
	}
	return &recurringResponse{Recurring: r.json()}, nil
}

// HandleRecurringCancel serves POST /transfer/recurring/cancel.
func (a *API) HandleRecurringCancel(c *product.Call, req *recurringIDRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r, err := a.recurringLocked(c, req.RecurringTransferID)
	if err == nil {
		r.Status = "cancelled"
	}
	if err != nil {
		return nil, err
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type recurringListRequest struct {
	product.Credentials
	StartTime        *string `json:"start_time" plaid:"format=date-time"`
	EndTime          *string `json:"end_time" plaid:"format=date-time"`
	Count            *int    `json:"count" plaid:"min=1,max=25"`
	Offset           *int    `json:"offset" plaid:"min=0"`
	FundingAccountID *string `json:"funding_account_id"`
}

type recurringListResponse struct {
	Recurring []map[string]any `json:"recurring_transfers"`
	wire.Response
}

// HandleRecurringList serves POST /transfer/recurring/list: newest first.
func (a *API) HandleRecurringList(c *product.Call, req *recurringListRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.catchUpLocked(c)...)
	var all []*Recurring
	for _, r := range a.st.Recurring {
		if r.ClientID == c.ClientID && product.Within(r.Created, req.StartTime, req.EndTime) {
			all = append(all, r)
		}
	}
	byTime(all, true, func(r *Recurring) time.Time { return r.Created }, func(r *Recurring) string { return r.ID })
	return &recurringListResponse{Recurring: page(all, count, offset, (*Recurring).json)}, nil
}
