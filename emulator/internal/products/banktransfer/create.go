package banktransfer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type bankTransferUser struct {
	LegalName     string  `json:"legal_name" plaid:"required"`
	EmailAddress  *string `json:"email_address"`
	RoutingNumber *string `json:"routing_number"` // a response field; ignored in requests
}

// createFields are what /bank_transfer/create and its processor twin share.
type createFields struct {
	IdempotencyKey       string            `json:"idempotency_key" plaid:"required,maxlen=50"`
	Type                 string            `json:"type" plaid:"required"`
	Network              string            `json:"network" plaid:"required"`
	Amount               string            `json:"amount" plaid:"required"`
	ISOCurrencyCode      string            `json:"iso_currency_code" plaid:"required"`
	Description          string            `json:"description" plaid:"required,maxlen=10"`
	ACHClass             *string           `json:"ach_class"`
	User                 *bankTransferUser `json:"user" plaid:"required"`
	CustomTag            *string           `json:"custom_tag" plaid:"maxlen=100"`
	Metadata             map[string]string `json:"metadata"`
	OriginationAccountID *string           `json:"origination_account_id"`
}

type createRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	AccountID   string `json:"account_id" plaid:"required"`
	createFields
}

type processorCreateRequest struct {
	product.Credentials
	ProcessorToken string `json:"processor_token" plaid:"required"`
	createFields
}

type transferResponse struct {
	BankTransfer map[string]any `json:"bank_transfer"`
	wire.Response
}

// HandleCreate serves POST /bank_transfer/create.
func (a *API) HandleCreate(c *product.Call, req *createRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "")
	if err != nil {
		return nil, err
	}
	i := product.AccountIndex(it, req.AccountID)
	if i < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	return a.create(c, it, i, req.AccessToken, &req.createFields)
}

// HandleProcessorCreate serves POST /processor/bank_transfer/create: the
// same, by the partner, from the processor token's account.
func (a *API) HandleProcessorCreate(c *product.Call, req *processorCreateRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "")
	if err != nil {
		return nil, err
	}
	return a.create(c, it, i, req.ProcessorToken, &req.createFields)
}

// create checks and makes a transfer from account i of it, once per
// (client, token, idempotency_key): a repeat returns the first unchanged.
func (a *API) create(c *product.Call, it product.Item, i int32, token string, f *createFields) (any, *wire.Error) {
	acct := it.Accounts[i]
	amount, ok := product.Cents(f.Amount)
	switch {
	case !ok:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places, such as \"1.00\"")
	case f.ISOCurrencyCode != "USD":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("iso_currency_code must be USD: bank transfers move US dollars only")
	case f.Network != "wire" && f.ACHClass == nil:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("ach_class is required for %s transfers", f.Network)
	case strings.TrimSpace(f.User.LegalName) == "":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("user.legal_name must not be empty")
	case acct.Type != "depository" || acct.Subtype == nil || !slices.Contains([]string{"checking", "savings"}, *acct.Subtype):
		return nil, wire.New(wire.CodeBankTransferUnsupportedAccountType)
	}
	if f.ACHClass == nil {
		f.ACHClass = product.Ptr("ppd") // a wire names none; bank_transfer.ach_class is never null
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if o := f.OriginationAccountID; o != nil && *o != "" && *o != a.originLocked(c.ClientID) {
		return nil, wire.New(wire.CodeBankTransferInvalidOriginationAccount)
	}
	key := c.ClientID + "\x00" + token + "\x00" + f.IdempotencyKey
	if prev := a.st.Transfers[a.st.Keys[key]]; prev != nil {
		return &transferResponse{BankTransfer: a.jsonLocked(prev)}, nil
	}
	routing := ""
	if acct.ACH != nil {
		routing = acct.ACH.Routing
	}
	t := &BankTransfer{ID: a.door.NewUUID(), ClientID: c.ClientID, ItemID: it.ID, AccountID: acct.ID, Type: f.Type, Network: f.Network,
		Amount: product.Money(amount), Description: f.Description, ACHClass: f.ACHClass, LegalName: f.User.LegalName, Email: f.User.EmailAddress,
		Routing: routing, Created: c.Now, Status: "pending", CustomTag: f.CustomTag, Metadata: f.Metadata, Key: key}
	a.st.Made++
	t.Seq = a.st.Made
	a.moveLocked(t, c.Now)
	a.st.Transfers[t.ID] = t
	a.st.Keys[key] = t.ID // no event: the Sandbox logs a transfer's changes, not its creation (docs/choices.md)
	a.door.StateChanged(a.Name())
	return &transferResponse{BankTransfer: a.jsonLocked(t)}, nil
}

type idRequest struct {
	product.Credentials
	BankTransferID string `json:"bank_transfer_id" plaid:"required"`
}

// transferLocked is the client's transfer, or Plaid's error for an id it
// does not know. Callers hold a.mu.
func (a *API) transferLocked(clientID, id string) (*BankTransfer, *wire.Error) {
	t := a.st.Transfers[id]
	if t == nil || t.ClientID != clientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("bank_transfer_id %q is not a bank transfer of this client", id)
	}
	return t, nil
}

// HandleGet serves POST /bank_transfer/get.
func (a *API) HandleGet(c *product.Call, req *idRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, err := a.transferLocked(c.ClientID, req.BankTransferID)
	if err != nil {
		return nil, err
	}
	return &transferResponse{BankTransfer: a.jsonLocked(t)}, nil
}

// HandleCancel serves POST /bank_transfer/cancel: only while pending.
func (a *API) HandleCancel(c *product.Call, req *idRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, err := a.transferLocked(c.ClientID, req.BankTransferID)
	if err != nil {
		return nil, err
	}
	if t.Status != "pending" {
		return nil, wire.New(wire.CodeBankTransferNotCancellable).WithMessage("the bank transfer is %s: only a pending one can be cancelled", t.Status)
	}
	t.Status = "cancelled"
	a.moveLocked(t, c.Now)
	a.addEventLocked(t, c.Now)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type simulateRequest struct {
	product.Credentials
	BankTransferID string   `json:"bank_transfer_id" plaid:"required"`
	EventType      string   `json:"event_type" plaid:"required"`
	FailureReason  *Failure `json:"failure_reason"`
}

// next are the moves /sandbox/bank_transfer/simulate makes, by status.
var next = map[string][]string{"pending": {"posted", "failed"}, "posted": {"reversed"}}

// HandleSimulate serves POST /sandbox/bank_transfer/simulate: the next
// status, if the current one allows it. A failure keeps the caller's
// description (no return code); a reversal its code, R01 by default.
// Like Sandbox, it sends no webhook.
func (a *API) HandleSimulate(c *product.Call, req *simulateRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, err := a.transferLocked(c.ClientID, req.BankTransferID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(next[t.Status], req.EventType) {
		return nil, wire.New(wire.CodeSandboxBankTransferEventTransitionInvalid).WithMessage(
			"a %s bank transfer cannot become %s: simulate posted or failed from pending, reversed from posted", t.Status, req.EventType)
	}
	given := req.FailureReason
	if given == nil {
		given = &Failure{}
	}
	switch req.EventType {
	case "failed":
		t.Failure = &Failure{Description: cmp.Or(given.Description, "simulated failure (plaid-emulator)")}
	case "reversed":
		code := product.Deref(given.ACHReturnCode, "R01")
		if code == "" {
			code = "R01"
		}
		t.Failure = &Failure{ACHReturnCode: &code, Description: cmp.Or(given.Description, fmt.Sprintf("simulated return %s (plaid-emulator)", code))}
	}
	t.Status = req.EventType
	a.moveLocked(t, c.Now)
	a.addEventLocked(t, c.Now)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type fireWebhookRequest struct {
	product.Credentials
	Webhook string `json:"webhook" plaid:"required,format=url"`
}

// HandleFireWebhook serves POST /sandbox/bank_transfer/fire_webhook:
// BANK_TRANSFERS_EVENTS_UPDATE to the URL given.
func (a *API) HandleFireWebhook(c *product.Call, req *fireWebhookRequest) (any, *wire.Error) {
	c.Emit(EventsUpdate{To: req.Webhook})
	return &wire.Response{}, nil
}
