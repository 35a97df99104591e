package cra

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// A servicing update: a new report of the user's Items now, or, with an
// error code, none and the webhook saying why.

// simulateErrors are the error codes /sandbox/cra/servicing/simulate takes, by scope.
var simulateErrors = map[string][]string{
	"CLIENT_USER":   {"USER_NOT_FOUND", "PRODUCT_GENERATION_FAILED"},
	"PLAID_NETWORK": {"UNMATCH", "DATA_UNAVAILABLE", "NO_ELIGIBLE_ITEMS_ON_PROFILE", "PRODUCT_GENERATION_ERROR"},
}

// servicingDays is the window of a servicing report.
const servicingDays = 365

type simulateRequest struct {
	product.Credentials
	SubscriptionID string  `json:"subscription_id" plaid:"required"`
	UserID         *string `json:"user_id"`
	Options        *struct {
		TransactionsEndDate *string `json:"transactions_end_date" plaid:"format=date"`
		ErrorWebhookCode    *string `json:"error_webhook_code"`
	} `json:"options"`
}

type simulateResponse struct {
	ReportID *string `json:"report_id,omitempty"`
	wire.Response
}

// HandleServicingSimulate serves POST /sandbox/cra/servicing/simulate.
func (a *API) HandleServicingSimulate(c *product.Call, req *simulateRequest) (any, *wire.Error) {
	var s Servicing
	err := func() *wire.Error {
		a.mu.Lock()
		defer a.mu.Unlock()
		sub, err := a.subscriptionLocked(c, req.SubscriptionID)
		if err == nil {
			s = *sub
		}
		return err
	}()
	if err != nil {
		return nil, err
	}
	if req.UserID != nil && *req.UserID != s.UserID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("user_id is not the subscription's user")
	}
	code := ""
	if o := req.Options; o != nil {
		if o.TransactionsEndDate != nil {
			end, perr := time.Parse(time.DateOnly, *o.TransactionsEndDate)
			if perr != nil || end.After(c.Now.AddDate(0, 0, 180)) {
				return nil, wire.New(wire.CodeInvalidField).WithMessage("options.transactions_end_date must be a date at most 180 days from today")
			}
		}
		code = product.Deref(o.ErrorWebhookCode, "")
		if code != "" && !slices.Contains(simulateErrors[s.Scope], code) {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("error_webhook_code %q is not one for scope %s (%v)", wire.Clip(code, 40), s.Scope, simulateErrors[s.Scope])
		}
	}
	ev, id := a.serviceUpdate(s, c.Now, code)
	c.Emit(ev...)
	if id == "" {
		return &simulateResponse{}, nil
	}
	return &simulateResponse{ReportID: &id}, nil
}

// serviceUpdate makes subscription s's update at now (none with an error
// code, or for a user without Items): its webhook and the report's id.
func (a *API) serviceUpdate(s Servicing, now time.Time, code string) ([]product.Event, string) {
	pu, ok := a.users.UserByID(s.UserID)
	switch {
	case !ok && code == "":
		code = "USER_NOT_FOUND"
	case ok && len(pu.ItemIDs) == 0 && code == "":
		code = "NO_ELIGIBLE_ITEMS"
	}
	products := make([]map[string]any, len(s.Products))
	names := make([]string, len(s.Products))
	for i, p := range s.Products {
		products[i], names[i] = map[string]any{"product": p.Product, "version": p.Version}, p.Product
	}
	fields := map[string]any{"user_id": s.UserID, "scope": s.Scope, "successful_products": products, "failed_products": []any{},
		"generated_time": product.RFC3339(now)}
	id := ""
	if code != "" {
		fields["successful_products"], fields["failed_products"], fields["error_code"], fields["report_id"] = []any{}, products, code, nil
	} else {
		id = "cra-report-sandbox-" + a.door.NewUUID()
		r := Report{ID: id, Created: now, Ready: now, Days: servicingDays, Products: names, ItemIDs: slices.Clone(pu.ItemIDs), Webhook: s.Webhook, Notified: true}
		fields["report_id"] = id
		a.keep(pu, r)
	}
	if s.Webhook == "" {
		return nil, id
	}
	return []product.Event{product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: s.ClientID}, To: s.Webhook, Type: "CRA_REPORT",
		Code: "CRA_REPORT_UPDATED", Fields: fields}}}, id
}

// dailyUpdates makes the DAILY subscriptions' updates due by now: one per
// subscription however many days the clock passed, the next a day later.
func (a *API) dailyUpdates(now time.Time) []product.Event {
	var due []Servicing
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		for _, s := range a.st.Servicing {
			if s.Cadence == "DAILY" && !s.Next.IsZero() && !now.Before(s.Next) {
				s.Next = now.Add(24 * time.Hour)
				due = append(due, *s)
			}
		}
		if len(due) > 0 {
			a.door.StateChanged(a.Name())
		}
	}()
	slices.SortFunc(due, func(x, y Servicing) int { return strings.Compare(x.ID, y.ID) })
	var out []product.Event
	for _, s := range due {
		ev, _ := a.serviceUpdate(s, now, "")
		out = append(out, ev...)
	}
	return out
}
