package cra

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Cash Flow Updates (monitoring): a user subscribes one Item; an update
// (Sandbox's /sandbox/cra/cashflow_updates/update, on demand) reads the
// Item's last 30 days and sends CASH_FLOW_INSIGHTS_UPDATED with the events
// found (new user API), or INSIGHTS_UPDATED and one webhook per event
// (legacy); /cra/monitoring_insights/get then gives the Item's income and
// loan insights. Before the first update the Item is PENDING.

// Subscription is a user's Cash Flow Updates subscription.
type Subscription struct {
	ID      string
	ItemID  string
	Webhook string
	Updated time.Time `json:",omitzero"` // the last update (zero: none yet)
	Since   time.Time `json:",omitzero"` // when it began
}

// events are the Cash Flow Updates event codes Sandbox can fire.
var events = []string{"LARGE_DEPOSIT_DETECTED", "LOW_BALANCE_DETECTED", "NEW_LOAN_PAYMENT_DETECTED", "NSF_OVERDRAFT_DETECTED"}

type subscribeRequest struct {
	userRequest
	ItemID           *string  `json:"item_id"`
	Webhook          string   `json:"webhook" plaid:"required,format=url"`
	IncomeCategories []string `json:"income_categories"`
}

type subscribeResponse struct {
	SubscriptionID string `json:"subscription_id"`
	wire.Response
}

// HandleSubscribe serves POST /cra/monitoring_insights/subscribe: one Item
// of the user (item_id, else its first) is watched.
func (a *API) HandleSubscribe(c *product.Call, req *subscribeRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return nil, err
	}
	item := product.Deref(req.ItemID, "")
	switch {
	case item == "" && len(pu.ItemIDs) > 0:
		item = pu.ItemIDs[0]
	case item == "" || !slices.Contains(pu.ItemIDs, item):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("item_id must name one of the user's Items (the user has %d)", len(pu.ItemIDs))
	}
	s := &Subscription{ID: a.door.NewUUID(), ItemID: item, Webhook: req.Webhook, Since: c.Now}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.userLocked(pu).Monitoring = s
	a.door.StateChanged(a.Name())
	return &subscribeResponse{SubscriptionID: s.ID}, nil
}

type unsubscribeRequest struct {
	product.Credentials
	SubscriptionID string `json:"subscription_id" plaid:"required"`
}

// HandleUnsubscribe serves POST /cra/monitoring_insights/unsubscribe.
func (a *API) HandleUnsubscribe(c *product.Call, req *unsubscribeRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, u := range a.st.Users {
		if u.ClientID == c.ClientID && u.Monitoring != nil && u.Monitoring.ID == req.SubscriptionID {
			u.Monitoring = nil
			a.door.StateChanged(a.Name())
			return &wire.Response{}, nil
		}
	}
	return nil, wire.New(wire.CodeInvalidField).WithMessage("no subscription %q of this client", wire.Clip(req.SubscriptionID, 60))
}

// subscription is the user's, or Plaid's error when it has none.
func (a *API) subscription(c *product.Call, req userRequest) (product.PlaidUser, Subscription, bool, *wire.Error) {
	if err := access(c); err != nil {
		return product.PlaidUser{}, Subscription{}, false, err
	}
	pu, err := a.users.FindUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return pu, Subscription{}, false, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.st.Users[pu.ID]
	if u == nil || u.Monitoring == nil {
		return pu, Subscription{}, false, wire.New(wire.CodeInvalidField).WithMessage("the user has no Cash Flow Updates subscription: call /cra/monitoring_insights/subscribe")
	}
	return pu, *u.Monitoring, u.Legacy, nil
}

type updateRequest struct {
	userRequest
	WebhookCodes []string `json:"webhook_codes"`
}

// HandleSandboxUpdate serves POST /sandbox/cra/cashflow_updates/update:
// an update now, with the events given or, by default, those the Item's
// last 30 days show.
func (a *API) HandleSandboxUpdate(c *product.Call, req *updateRequest) (any, *wire.Error) {
	pu, s, legacy, err := a.subscription(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	for _, code := range req.WebhookCodes {
		if !slices.Contains(events, code) {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("webhook_codes: %q is not one of LARGE_DEPOSIT_DETECTED, LOW_BALANCE_DETECTED, NEW_LOAN_PAYMENT_DETECTED, NSF_OVERDRAFT_DETECTED", wire.Clip(code, 40))
		}
	}
	found := req.WebhookCodes
	if len(found) == 0 {
		found = a.detect(s.ItemID, c.Now)
	}
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if u := a.st.Users[pu.ID]; u != nil && u.Monitoring != nil {
			u.Monitoring.Updated = c.Now
			a.door.StateChanged(a.Name())
		}
	}()
	c.Emit(updateWebhooks(c.ClientID, pu.ID, s.Webhook, legacy, found)...)
	return &wire.Response{}, nil
}

// updateWebhooks are an update's webhooks in the user's regime:
// CASH_FLOW_INSIGHTS_UPDATED naming the events, or (legacy)
// INSIGHTS_UPDATED and one webhook per event.
func updateWebhooks(clientID, userID, to string, legacy bool, found []string) []product.Event {
	var evs []product.Event
	out := func(code string, fields map[string]any) {
		fields["user_id"], fields["status"] = userID, "AVAILABLE"
		evs = append(evs, product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: clientID}, To: to, Type: "CASH_FLOW_UPDATES", Code: code, Fields: fields}})
	}
	if !legacy {
		out("CASH_FLOW_INSIGHTS_UPDATED", map[string]any{"insights": product.NonNil(found)})
		return evs
	}
	out("INSIGHTS_UPDATED", map[string]any{})
	for _, code := range found {
		out(code, map[string]any{})
	}
	return evs
}

// monitorDaily makes the scheduled updates due by now: a subscription
// is updated a day after it began or was last updated (never at
// enrolment), once per clock move however many days it passes.
func (a *API) monitorDaily(now time.Time) []product.Event {
	type due struct {
		userID, clientID string
		legacy           bool
		s                Subscription
	}
	var dues []due
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		for id, u := range a.st.Users {
			s := u.Monitoring
			if s == nil {
				continue
			}
			last := s.Updated
			if last.IsZero() {
				last = s.Since
			}
			if !last.IsZero() && !now.Before(last.Add(24*time.Hour)) {
				s.Updated = now
				dues = append(dues, due{id, u.ClientID, u.Legacy, *s})
			}
		}
		if len(dues) > 0 {
			a.door.StateChanged(a.Name())
		}
	}()
	slices.SortFunc(dues, func(x, y due) int { return strings.Compare(x.userID, y.userID) })
	var evs []product.Event
	for _, d := range dues {
		evs = append(evs, updateWebhooks(d.clientID, d.userID, d.s.Webhook, d.legacy, a.detect(d.s.ItemID, now))...)
	}
	return evs
}

// detect are the events the Item's last 30 days show: a deposit over
// $5,000, a depository balance (available, else current) of $100 or less
// (user_good's checking, as Plaid's docs use it), a loan payment (not a
// credit card's), an NSF or overdraft fee.
func (a *API) detect(itemID string, now time.Time) []string {
	it, ok := a.door.ItemByID(itemID)
	if !ok {
		return nil
	}
	found := map[string]bool{}
	for _, acct := range it.Accounts {
		b := acct.Balances.Available
		if b == nil {
			b = acct.Balances.Current
		}
		if acct.Type == "depository" && b != nil && *b <= 100 {
			found["LOW_BALANCE_DETECTED"] = true
		}
	}
	cat := a.door.Catalog()
	rows, names := a.door.IncomeRows(it, 30, now)
	today := ledger.Day(now)
	for i := range rows {
		t := &rows[i]
		if t.Removed || t.Pending || today-t.Date > 30 {
			continue
		}
		m, name := cat.MerchantOf(t), cat.RowName(t, names)
		switch {
		case t.Amount < -5000:
			found["LARGE_DEPOSIT_DETECTED"] = true
		case isNSF(name, m.PFCDetailed):
			found["NSF_OVERDRAFT_DETECTED"] = true
		case t.Amount > 0 && isLoan(name, m.PFCPrimary, m.PFCDetailed):
			found["NEW_LOAN_PAYMENT_DETECTED"] = true
		}
	}
	var out []string
	for _, e := range events {
		if found[e] {
			out = append(out, e)
		}
	}
	return out
}
