package transfer

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Transfer UI (https://plaid.com/docs/transfer/using-transfer-ui/): the
// app describes a payment as an intent, Link shows it to the user, and the
// user's confirmation makes the authorization and the transfer. Link
// reaches Authorize through its door; the intent's status tells the app.

// intentTries is how many declined confirmations an intent takes before it
// fails: an NSF decline leaves it PENDING for the user to retry, up to
// three times (the reference, [D tui]).
const intentTries = 3

// Intent is a Transfer UI intent, as --state keeps it.
type Intent struct {
	ID, ClientID                       string
	Created                            time.Time
	Status                             string  // PENDING, SUCCEEDED or FAILED
	AccountID                          *string // the app's; null: the user links one in Link
	FundingAccountID                   string  `json:",omitempty"`
	Mode, Network, Amount, Description string
	ACHClass                           *string
	User                               json.RawMessage
	Metadata                           map[string]string
	Currency                           string
	RequireGuarantee                   *bool
	TransferID                         string     // once SUCCEEDED
	Decision                           string     // APPROVED or DECLINED, once the user confirmed
	Rationale                          *Rationale // the authorization's decision_rationale
	Failure                            *IntentFailure
	Declines                           int // declined confirmations so far
}

// IntentFailure is failure_reason.
type IntentFailure struct {
	ErrorType    string `json:"error_type"`
	ErrorCode    string `json:"error_code"`
	ErrorMessage string `json:"error_message"`
}

type intentCreateRequest struct {
	product.Credentials
	AccountID            *string           `json:"account_id"`
	FundingAccountID     *string           `json:"funding_account_id"`
	Mode                 string            `json:"mode" plaid:"required"`
	Network              *string           `json:"network"`
	Amount               string            `json:"amount" plaid:"required"`
	Description          string            `json:"description" plaid:"required,minlen=1,maxlen=15"`
	ACHClass             *string           `json:"ach_class"`
	OriginationAccountID *string           `json:"origination_account_id"`
	User                 json.RawMessage   `json:"user" plaid:"required"`
	Metadata             map[string]string `json:"metadata"`
	ISOCurrencyCode      *string           `json:"iso_currency_code"`
	RequireGuarantee     *bool             `json:"require_guarantee"`
}

type intentResponse struct {
	Intent map[string]any `json:"transfer_intent"`
	wire.Response
}

// HandleIntentCreate serves POST /transfer/intent/create: a PENDING intent
// for Link to show.
func (a *API) HandleIntentCreate(c *product.Call, req *intentCreateRequest) (any, *wire.Error) {
	amount, ok := product.Cents(req.Amount)
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places, such as \"10.00\"")
	}
	network := product.Deref(req.Network, "same-day-ach")
	if amount > networkCaps[network] && networkCaps[network] > 0 {
		return nil, wire.New(wire.CodeTransferNetworkLimitExceeded).WithMessage(
			"the amount is above the %s network's limit of %s for one transfer", network, product.Money(networkCaps[network]))
	}
	if network == "rtp" && req.Mode == "PAYMENT" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("rtp transfers can only be credits: use mode DISBURSEMENT")
	}
	if cur := product.Deref(req.ISOCurrencyCode, "USD"); cur != "USD" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("iso_currency_code must be USD: Transfer moves US dollars only")
	}
	var legal struct {
		LegalName string `json:"legal_name"`
	}
	if json.Unmarshal(req.User, &legal) != nil || strings.TrimSpace(legal.LegalName) == "" {
		return nil, wire.New(wire.CodeMissingFields, "user.legal_name")
	}
	in := &Intent{ID: a.door.NewUUID(), ClientID: c.ClientID, Created: c.Now, Status: "PENDING", AccountID: req.AccountID,
		FundingAccountID: product.Deref(req.FundingAccountID, ""), Mode: req.Mode, Network: network,
		Amount: fmt.Sprintf("%d.%02d", amount/100, amount%100), Description: req.Description, ACHClass: req.ACHClass,
		User: req.User, Metadata: req.Metadata, Currency: "USD", RequireGuarantee: req.RequireGuarantee}
	if in.AccountID != nil && *in.AccountID == "" {
		in.AccountID = nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Intents[in.ID] = in
	a.door.StateChanged(a.Name())
	return &intentResponse{Intent: in.createJSON()}, nil
}

type intentGetRequest struct {
	product.Credentials
	IntentID string `json:"transfer_intent_id" plaid:"required"`
}

// HandleIntentGet serves POST /transfer/intent/get.
func (a *API) HandleIntentGet(c *product.Call, req *intentGetRequest) (any, *wire.Error) {
	in, err := a.Intent(c.ClientID, req.IntentID)
	if err != nil {
		return nil, err
	}
	return &intentResponse{Intent: in.getJSON()}, nil
}

// Intent is a copy of the client's intent, or the error Plaid gives for one
// it does not know.
func (a *API) Intent(clientID, id string) (Intent, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	in := a.st.Intents[id]
	if in == nil || in.ClientID != clientID {
		return Intent{}, wire.New(wire.CodeInvalidField).WithMessage("transfer_intent_id %q is not a transfer intent of this client", id)
	}
	return *in, nil
}

// Authorize is the user confirming the intent in Link with account
// accountID of it: the authorization, and on approval the transfer. A
// decline leaves the intent PENDING for the user to try again, until the
// third, which fails it. The intent is returned as it then stands.
func (a *API) Authorize(c *product.Call, intentID string, it product.Item, accountID string) (Intent, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	in := a.st.Intents[intentID]
	switch {
	case in == nil || in.ClientID != c.ClientID:
		return Intent{}, wire.New(wire.CodeInvalidField).WithMessage("transfer_intent_id %q is not a transfer intent of this client", intentID)
	case in.Status != "PENDING":
		return Intent{}, wire.New(wire.CodeInvalidField).WithMessage("the transfer intent is %s: only a PENDING one can be confirmed", in.Status)
	case in.AccountID != nil && *in.AccountID != accountID:
		return Intent{}, wire.New(wire.CodeInvalidAccountID).WithMessage("the transfer intent names account %s", *in.AccountID)
	}
	i := product.AccountIndex(it, accountID)
	if i < 0 {
		return Intent{}, wire.New(wire.CodeInvalidAccountID)
	}
	typ, achClass := "debit", in.ACHClass
	if in.Mode == "DISBURSEMENT" {
		typ = "credit"
	}
	if achClass == nil && in.Network != "rtp" {
		// The user authorizes online: WEB for a debit, PPD for a credit.
		achClass = product.Ptr(map[string]string{"debit": "web", "credit": "ppd"}[typ])
	}
	if err := checkProposed(it.Accounts[i], typ, in.Network, achClass); err != nil {
		return Intent{}, err
	}
	amount, _ := product.Cents(in.Amount)
	au := &Authorization{ID: a.door.NewUUID(), ClientID: c.ClientID, ItemID: it.ID, AccountID: accountID, Created: c.Now,
		Expires: c.Now.Add(authorizationTTL), Type: typ, Network: in.Network, Amount: in.Amount, ACHClass: achClass, User: in.User}
	au.Decision, au.Rationale = a.decideLocked(c, it, i, typ, "", amount)
	if au.Decision == "user_action_required" { // Link has just logged the user in: the Item is as good as repaired
		au.Decision, au.Rationale = "approved", &Rationale{"ITEM_LOGIN_REQUIRED", "Unable to collect the account information due to Item staleness"}
	}
	a.st.Auths[au.ID] = au
	in.Decision, in.Rationale = strings.ToUpper(au.Decision), au.Rationale
	if au.Decision == "approved" {
		in.Status, in.TransferID = "SUCCEEDED", a.startLocked(c, it, au, in.Amount, in.Description, in.Metadata).ID
	} else if in.Declines++; in.Declines >= intentTries {
		in.Status = "FAILED"
		in.Failure = &IntentFailure{ErrorType: "TRANSFER_ERROR", ErrorCode: au.Rationale.Code, ErrorMessage: au.Rationale.Description}
	}
	a.door.StateChanged(a.Name())
	return *in, nil
}

// View is what Link shows of the intent (product.IntentView).
func (in Intent) View() product.IntentView {
	out := product.IntentView{ID: in.ID, Status: in.Status, Mode: in.Mode, Amount: in.Amount, Network: in.Network, About: in.Description,
		AccountID: in.AccountID, TriesLeft: max(0, intentTries-in.Declines)}
	if in.Decision != "" {
		out.Decision = &in.Decision
	}
	if in.Rationale != nil {
		out.Reason = &in.Rationale.Description
	}
	if in.TransferID != "" {
		out.TransferID = &in.TransferID
	}
	return out
}

// createJSON is /transfer/intent/create's transfer_intent.
func (in Intent) createJSON() map[string]any {
	var md any // null when the app sent none
	if in.Metadata != nil {
		md = in.Metadata
	}
	out := map[string]any{
		"id": in.ID, "created": product.RFC3339(in.Created), "status": in.Status, "account_id": in.AccountID,
		"origination_account_id": "", "funding_account_id": in.FundingAccountID, "amount": in.Amount, "mode": in.Mode,
		"network": in.Network, "user": userInResponse(in.User), "description": in.Description,
		"metadata": md, "iso_currency_code": in.Currency, "require_guarantee": in.RequireGuarantee,
	}
	if in.ACHClass != nil { // optional and not nullable: absent when the app sent none
		out["ach_class"] = *in.ACHClass
	}
	return out
}

// getJSON is /transfer/intent/get's transfer_intent: the intent and what
// the user's confirmation made of it.
func (in Intent) getJSON() map[string]any {
	out := in.createJSON()
	out["transfer_id"] = nilIfEmpty(in.TransferID)
	out["failure_reason"] = nil
	if in.Failure != nil {
		out["failure_reason"] = in.Failure
	}
	out["authorization_decision"] = nilIfEmpty(in.Decision)
	out["authorization_decision_rationale"] = in.Rationale
	out["guarantee_decision"], out["guarantee_decision_rationale"] = nil, nil
	return out
}
