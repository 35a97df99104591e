package cra

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Servicing subscriptions (plaid-node 47): a lender subscribes a user to
// report updates. An update is a new report of the user's Items, kept
// among the user's reports (so /cra/report/get and the check report /get
// routes read it, or pin it by report_id), announced by CRA_REPORT
// CRA_REPORT_UPDATED. Updates come from /sandbox/cra/servicing/simulate
// and, with cadence DAILY, once for each time the emulator clock passes a
// day since the last one.

// maxServicing bounds a user's subscriptions.
const maxServicing = 20

// Servicing is a report-update subscription.
type Servicing struct {
	ID, ClientID, UserID string
	Scope                string
	Cadence              string `json:",omitempty"`
	Webhook              string `json:",omitempty"`
	Products             []subProduct
	Next                 time.Time `json:",omitzero"` // the next DAILY update
}

type subProduct struct {
	Product string          `json:"product" plaid:"required"`
	Version string          `json:"version" plaid:"required"`
	Options json.RawMessage `json:"options,omitempty"`
}

// subscriptionProducts are what a servicing subscription can name.
var subscriptionProducts = []string{"cra_base_report", "cra_income_insights", "cra_qualify"}

func (s *Servicing) view() map[string]any {
	v := map[string]any{"subscription_id": s.ID, "user_id": s.UserID, "scope": s.Scope, "cadence": nil, "webhook": nil, "products": s.Products}
	if s.Cadence != "" {
		v["cadence"] = s.Cadence
	}
	if s.Webhook != "" {
		v["webhook"] = s.Webhook
	}
	return v
}

func checkSubProducts(ps []subProduct) *wire.Error {
	pv := make([]productVersion, len(ps))
	for i, p := range ps {
		pv[i] = productVersion{p.Product, p.Version}
	}
	return checkProducts(pv, subscriptionProducts)
}

type servicingCreateRequest struct {
	product.Credentials
	UserID   string       `json:"user_id" plaid:"required"`
	Scope    string       `json:"scope" plaid:"required"`
	Cadence  *string      `json:"cadence"`
	Webhook  *string      `json:"webhook" plaid:"format=url"`
	Products []subProduct `json:"products" plaid:"required"`
}

type subscriptionIDResponse struct {
	SubscriptionID string `json:"subscription_id"`
	wire.Response
}

// HandleServicingCreate serves POST /cra/servicing/subscription/create.
func (a *API) HandleServicingCreate(c *product.Call, req *servicingCreateRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	pu, err := a.users.FindUser(c.ClientID, &req.UserID, nil)
	if err != nil {
		return nil, err
	}
	cadence := product.Deref(req.Cadence, "")
	switch {
	case !slices.Contains(scopes, req.Scope):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("scope must be PLAID_NETWORK or CLIENT_USER")
	case cadence != "" && cadence != "DAILY":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("cadence must be DAILY or null")
	}
	if err := checkSubProducts(req.Products); err != nil {
		return nil, err
	}
	if cadence != "" && slices.ContainsFunc(req.Products, func(p subProduct) bool { return p.Product == "cra_qualify" }) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("cadence must be null for a subscription with cra_qualify")
	}
	s := &Servicing{ID: "cra-sub-sandbox-" + a.door.NewUUID(), ClientID: c.ClientID, UserID: pu.ID, Scope: req.Scope, Cadence: cadence,
		Webhook: product.Deref(req.Webhook, ""), Products: req.Products}
	if cadence != "" {
		s.Next = c.Now.Add(24 * time.Hour)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, o := range a.st.Servicing {
		if o.UserID == pu.ID {
			n++
		}
	}
	if n >= maxServicing {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("a user has at most %d servicing subscriptions", maxServicing)
	}
	a.st.Servicing[s.ID] = s
	a.door.StateChanged(a.Name())
	return &subscriptionIDResponse{SubscriptionID: s.ID}, nil
}

type subscriptionRequest struct {
	product.Credentials
	SubscriptionID string `json:"subscription_id" plaid:"required"`
}

// subscriptionLocked is the client's subscription id. Callers hold a.mu.
func (a *API) subscriptionLocked(c *product.Call, id string) (*Servicing, *wire.Error) {
	s := a.st.Servicing[id]
	if s == nil || s.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("subscription_id %q names no subscription of this client", wire.Clip(id, 80))
	}
	return s, nil
}

type servicingGetResponse struct {
	Subscription map[string]any `json:"subscription"`
	wire.Response
}

// HandleServicingGet serves POST /cra/servicing/subscription/get.
func (a *API) HandleServicingGet(c *product.Call, req *subscriptionRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, err := a.subscriptionLocked(c, req.SubscriptionID)
	if err != nil {
		return nil, err
	}
	return &servicingGetResponse{Subscription: s.view()}, nil
}

type servicingListRequest struct {
	product.Credentials
	UserID string `json:"user_id" plaid:"required"`
}

type servicingListResponse struct {
	Subscriptions []any `json:"subscriptions"`
	wire.Response
}

// HandleServicingList serves POST /cra/servicing/subscription/list: the
// user's subscriptions, oldest first.
func (a *API) HandleServicingList(c *product.Call, req *servicingListRequest) (any, *wire.Error) {
	pu, err := a.users.FindUser(c.ClientID, &req.UserID, nil)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var mine []*Servicing
	for _, s := range a.st.Servicing {
		if s.UserID == pu.ID {
			mine = append(mine, s)
		}
	}
	slices.SortFunc(mine, func(x, y *Servicing) int { return strings.Compare(x.ID, y.ID) })
	out := []any{}
	for _, s := range mine {
		out = append(out, s.view())
	}
	return &servicingListResponse{Subscriptions: out}, nil
}

type servicingUpdateRequest struct {
	subscriptionRequest
	Webhook     *string      `json:"webhook" plaid:"format=url"`
	Products    []subProduct `json:"products"`
	ResetFields []string     `json:"reset_fields"`
}

// HandleServicingUpdate serves POST /cra/servicing/subscription/update:
// the fields sent replace the subscription's; reset_fields ["webhook"]
// clears its webhook.
func (a *API) HandleServicingUpdate(c *product.Call, req *servicingUpdateRequest) (any, *wire.Error) {
	for _, f := range req.ResetFields {
		if f != "webhook" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("reset_fields can name only webhook")
		}
	}
	if req.Webhook != nil && slices.Contains(req.ResetFields, "webhook") {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("webhook cannot be both set and reset")
	}
	if req.Products != nil {
		if err := checkSubProducts(req.Products); err != nil {
			return nil, err
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s, err := a.subscriptionLocked(c, req.SubscriptionID)
	if err != nil {
		return nil, err
	}
	if req.Products != nil && s.Cadence != "" && slices.ContainsFunc(req.Products, func(p subProduct) bool { return p.Product == "cra_qualify" }) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("a DAILY subscription cannot take cra_qualify")
	}
	if req.Webhook != nil {
		s.Webhook = *req.Webhook
	}
	if slices.Contains(req.ResetFields, "webhook") {
		s.Webhook = ""
	}
	if req.Products != nil {
		s.Products = req.Products
	}
	a.door.StateChanged(a.Name())
	return &subscriptionIDResponse{SubscriptionID: s.ID}, nil
}

// HandleServicingDelete serves POST /cra/servicing/subscription/delete.
func (a *API) HandleServicingDelete(c *product.Call, req *subscriptionRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, err := a.subscriptionLocked(c, req.SubscriptionID)
	if err != nil {
		return nil, err
	}
	delete(a.st.Servicing, s.ID)
	a.door.StateChanged(a.Name())
	return &subscriptionIDResponse{SubscriptionID: s.ID}, nil
}
