package transfer

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// authorizationTTL is how long an authorization can be used (https://plaid.com/docs/api/products/transfer/initiating-transfers/#transferauthorizationcreate).
const authorizationTTL = time.Hour

type authorizationCreateRequest struct {
	product.Credentials
	AccessToken    string          `json:"access_token" plaid:"required"`
	AccountID      string          `json:"account_id" plaid:"required"`
	Type           string          `json:"type" plaid:"required"`
	Network        string          `json:"network" plaid:"required"`
	Amount         string          `json:"amount" plaid:"required"`
	ACHClass       *string         `json:"ach_class"`
	User           json.RawMessage `json:"user" plaid:"required"`
	IdempotencyKey *string         `json:"idempotency_key"`
	// Accepted and not used (https://plaid.com/docs/api/products/transfer/initiating-transfers/#transferauthorizationcreate).
	UserPresent          *bool           `json:"user_present"`
	WithGuarantee        *bool           `json:"with_guarantee"`
	RequestGuarantee     *bool           `json:"request_guarantee"`
	Device               json.RawMessage `json:"device"`
	WireDetails          json.RawMessage `json:"wire_details"`
	CustomAttributes     json.RawMessage `json:"custom_attributes"`
	CreditFundsSource    json.RawMessage `json:"credit_funds_source"`
	LedgerID             *string         `json:"ledger_id"`
	FundingAccountID     *string         `json:"funding_account_id"`
	RulesetKey           *string         `json:"ruleset_key"`
	OriginatorClientID   *string         `json:"originator_client_id"`
	TestClockID          *string         `json:"test_clock_id"`
	ISOCurrencyCode      *string         `json:"iso_currency_code"`
	OriginationAccountID *string         `json:"origination_account_id"`
	BeaconSessionID      *string         `json:"beacon_session_id"`
	PaymentProfileToken  *string         `json:"payment_profile_token"`
}

// HandleAuthorizationCreate serves POST /transfer/authorization/create:
// Sandbox's decision from the account's available balance (https://plaid.com/docs/transfer/creating-transfers/).
func (a *API) HandleAuthorizationCreate(c *product.Call, req *authorizationCreateRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	i := product.AccountIndex(it, req.AccountID)
	if i < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	amount, ok := product.Cents(req.Amount)
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places, such as \"10.00\"")
	}
	if amount > networkCaps[req.Network] && networkCaps[req.Network] > 0 {
		return nil, wire.New(wire.CodeTransferNetworkLimitExceeded).WithMessage(
			"the amount is above the %s network's limit of %s for one transfer", req.Network, product.Money(networkCaps[req.Network]))
	}
	if err := checkProposed(it.Accounts[i], req.Type, req.Network, req.ACHClass); err != nil {
		return nil, err
	}
	var legal struct {
		LegalName string `json:"legal_name"`
	}
	if json.Unmarshal(req.User, &legal) != nil || legal.LegalName == "" {
		return nil, wire.New(wire.CodeMissingFields, "user.legal_name")
	}
	// The key is looked up and claimed under one lock: concurrent calls
	// with one key get one authorization.
	a.mu.Lock()
	defer a.mu.Unlock()
	if req.PaymentProfileToken != nil && *req.PaymentProfileToken != "" {
		pr, err := a.profileLocked(c.ClientID, *req.PaymentProfileToken)
		switch {
		case err != nil:
			return nil, err
		case pr.Status != "READY":
			return nil, wire.New(wire.CodeInvalidField).WithMessage("the payment profile is %s: transfers need a READY one", pr.Status)
		case pr.ItemID != it.ID || pr.AccountID != req.AccountID:
			return nil, wire.New(wire.CodeInvalidField).WithMessage("the payment profile holds another account than access_token and account_id name")
		}
	}
	key := ""
	if req.IdempotencyKey != nil && *req.IdempotencyKey != "" {
		key = c.ClientID + "\x00" + *req.IdempotencyKey
		prev := a.st.Auths[a.st.Keys[key]]
		if prev != nil && c.Now.Before(prev.Created.Add(48*time.Hour)) {
			return &authorizationCreateResponse{Authorization: prev.json()}, nil
		}
	}
	au := &Authorization{ID: a.door.NewUUID(), ClientID: c.ClientID, ItemID: it.ID, AccountID: req.AccountID, Created: c.Now,
		Expires: c.Now.Add(authorizationTTL), Decision: "approved", Type: req.Type, Network: req.Network, Amount: fmt.Sprintf("%d.%02d", amount/100, amount%100),
		ACHClass: req.ACHClass, User: req.User}
	if req.OriginatorClientID != nil && *req.OriginatorClientID != "" {
		if err := a.originatorReadyLocked(c, *req.OriginatorClientID); err != nil {
			return nil, err
		}
		au.Originator = *req.OriginatorClientID
	}
	au.Decision, au.Rationale = a.decideLocked(c, it, i, req.Type, au.Originator, amount)
	if (req.RequestGuarantee != nil && *req.RequestGuarantee) || (req.WithGuarantee != nil && *req.WithGuarantee) {
		au.Guarantee, au.GuaranteeWhy = guaranteeFor(au)
	}
	a.st.Auths[au.ID] = au
	if key != "" && au.Decision != "user_action_required" { // not applied to those (https://plaid.com/docs/api/products/transfer/initiating-transfers/#transferauthorizationcreate)
		au.IdempotencyKey = key
		a.st.Keys[key] = au.ID
	}
	a.door.StateChanged(a.Name())
	return &authorizationCreateResponse{Authorization: au.json()}, nil
}

// transferSubtypes are the depository subtypes Transfer moves money with
// (https://plaid.com/docs/errors/transfer/: others are TRANSFER_UNSUPPORTED_ACCOUNT_TYPE).
var transferSubtypes = []string{"checking", "savings", "cash management"}

// checkProposed refuses a transfer Plaid would refuse before deciding:
// the wrong kind of account, a network or SEC code the type cannot use.
func checkProposed(acct product.Account, typ, network string, achClass *string) *wire.Error {
	if acct.Type != "depository" || acct.Subtype == nil || !slices.Contains(transferSubtypes, *acct.Subtype) {
		return wire.New(wire.CodeTransferUnsupportedAccountType)
	}
	switch {
	case achClass != nil && typ == "credit" && (*achClass == "web" || *achClass == "tel"):
		return wire.New(wire.CodeTransferForbiddenACHClass).WithMessage("ach_class %s is for debits only: credits use ccd or ppd", *achClass)
	case (network == "rtp" || network == "wire") && typ == "debit":
		return wire.New(wire.CodeInvalidField).WithMessage("%s transfers can only be credits", network)
	case (network == "ach" || network == "same-day-ach") && achClass == nil:
		return wire.New(wire.CodeInvalidField).WithMessage("ach_class is required for %s transfers", network)
	}
	return nil
}

// decideLocked is Sandbox's decision on a transfer of amount cents from
// account i of it (https://plaid.com/docs/transfer/creating-transfers/, in its order). Callers hold a.mu.
func (a *API) decideLocked(c *product.Call, it product.Item, i int32, typ, originator string, amount int64) (string, *Rationale) {
	bal := available(it.Accounts[i])
	rule := ruleOf(it.Accounts[i])
	switch {
	case it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired:
		return "user_action_required", nil
	case c.Forced["transfer_decline"] != "":
		return "declined", forcedRationale(c.Forced["transfer_decline"], "a scenario")
	case rule != nil && rule.Decline != "":
		return "declined", forcedRationale(rule.Decline, "the account's fixture")
	case typ == "debit" && bal == 0:
		return "declined", &Rationale{"RISK", "Transaction is at risk of being returned: the account's available balance is 0"}
	case typ == "debit" && bal*100 < float64(amount):
		return "declined", &Rationale{"NSF", "Transaction is at risk of being returned due to insufficient funds"}
	case typ == "credit" && a.ledgerOfLocked(c.ClientID, originator).Available < amount:
		return "declined", &Rationale{"NSF", "The Ledger's available balance is less than the amount"}
	}
	if r := a.limitLocked(c, typ, amount); r != nil {
		return "declined", r
	}
	return "approved", nil
}

// forcedRationale is decision_rationale for a decline a test asked for.
func forcedRationale(code, by string) *Rationale {
	return &Rationale{code, "Declined by " + by + " (plaid-emulator)"}
}

type authorizationCreateResponse struct {
	Authorization map[string]any `json:"authorization"`
	wire.Response
}

func (au *Authorization) json() map[string]any {
	return map[string]any{
		"id": au.ID, "created": au.Created.UTC().Format(time.RFC3339), "decision": au.Decision, "decision_rationale": au.Rationale,
		"guarantee_decision": nilIfEmpty(au.Guarantee), "guarantee_decision_rationale": au.GuaranteeWhy, "payment_risk": nil,
		"proposed_transfer": map[string]any{
			"ach_class": au.ACHClass, "account_id": au.AccountID, "funding_account_id": nil, "ledger_id": nil, "type": au.Type,
			"user": userInResponse(au.User), "amount": au.Amount, "network": au.Network, "wire_details": nil,
			"origination_account_id": "", "iso_currency_code": "USD", "originator_client_id": nilIfEmpty(au.Originator), "credit_funds_source": nil,
		},
	}
}

type transferCreateRequest struct {
	product.Credentials
	AccessToken     string            `json:"access_token" plaid:"required"`
	AccountID       string            `json:"account_id" plaid:"required"`
	AuthorizationID string            `json:"authorization_id" plaid:"required"`
	Description     string            `json:"description" plaid:"required"`
	Amount          *string           `json:"amount"`
	Metadata        map[string]string `json:"metadata"`
	// Deprecated or unused here (https://plaid.com/docs/api/products/transfer/initiating-transfers/#transfercreate).
	IdempotencyKey       *string         `json:"idempotency_key"`
	TestClockID          *string         `json:"test_clock_id"`
	OriginationAccountID *string         `json:"origination_account_id"`
	ISOCurrencyCode      *string         `json:"iso_currency_code"`
	Type                 *string         `json:"type"`
	Network              *string         `json:"network"`
	ACHClass             *string         `json:"ach_class"`
	User                 json.RawMessage `json:"user"`
	FacilitatorFee       json.RawMessage `json:"facilitator_fee"`
	LedgerID             *string         `json:"ledger_id"`
}

type transferResponse struct {
	Transfer map[string]any `json:"transfer"`
	wire.Response
}

// HandleCreate serves POST /transfer/create: the authorization, used once
// (a repeat returns the same transfer).
func (a *API) HandleCreate(c *product.Call, req *transferCreateRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	au := a.st.Auths[req.AuthorizationID]
	switch {
	case au == nil || au.ClientID != c.ClientID:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("authorization_id is not a known authorization")
	case au.ItemID != it.ID || au.AccountID != req.AccountID:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("account_id must be the authorization's account")
	case au.TransferID != "":
		return &transferResponse{Transfer: a.st.Transfers[au.TransferID].json(a.refundsOfLocked(a.st.Transfers[au.TransferID]))}, nil
	case au.Cancelled:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the authorization was cancelled")
	case au.Decision != "approved":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the authorization was %s: a transfer needs an approved one", au.Decision)
	case !c.Now.Before(au.Expires):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the authorization has expired")
	}
	amount := au.Amount
	if req.Amount != nil {
		want, ok := product.Cents(*req.Amount)
		max, _ := product.Cents(au.Amount)
		if !ok || want > max {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a decimal string no larger than the authorized %s", au.Amount)
		}
		amount = fmt.Sprintf("%d.%02d", want/100, want%100)
	}
	t := a.startLocked(c, it, au, amount, req.Description, req.Metadata)
	defer a.door.StateChanged(a.Name())
	return &transferResponse{Transfer: t.json(a.refundsOfLocked(t))}, nil
}

// startLocked makes the transfer of an approved authorization of it's
// (/transfer/create, or Transfer UI's confirmation): pending, its event,
// the magic amount's journey and the account's scripted return, and
// the webhook. Callers hold a.mu.
func (a *API) startLocked(c *product.Call, it product.Item, au *Authorization, amount, description string, metadata map[string]string) *Transfer {
	t := &Transfer{ID: a.door.NewUUID(), ClientID: c.ClientID, AuthorizationID: au.ID, AccountID: au.AccountID, Type: au.Type,
		Network: networkAt(au.Network, c.Now), Amount: amount, Description: description, ACHClass: au.ACHClass, User: au.User, Created: c.Now,
		Status: "pending", Metadata: metadata, Originator: au.Originator}
	au.TransferID = t.ID
	t.Guarantee, t.GuaranteeWhy = au.Guarantee, au.GuaranteeWhy
	a.st.Transfers[t.ID] = t
	a.addEventLocked(t, "pending", c.Now)
	a.runMagicLocked(t, c.Now)
	if i := product.AccountIndex(it, t.AccountID); i >= 0 {
		a.scriptReturnLocked(t, ruleOf(it.Accounts[i]))
	}
	c.Emit(EventsUpdate{It: it})
	c.Emit(a.dueLocked(c.Now)...)
	return t
}

type transferGetRequest struct {
	product.Credentials
	TransferID         *string `json:"transfer_id"`
	AuthorizationID    *string `json:"authorization_id"`
	OriginatorClientID *string `json:"originator_client_id"`
}

// HandleGet serves POST /transfer/get, by transfer_id or authorization_id.
func (a *API) HandleGet(c *product.Call, req *transferGetRequest) (any, *wire.Error) {
	if (req.TransferID == nil) == (req.AuthorizationID == nil) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("exactly one of transfer_id and authorization_id must be given")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	var t *Transfer
	if req.TransferID != nil {
		t = a.st.Transfers[*req.TransferID]
	} else if au := a.st.Auths[*req.AuthorizationID]; au != nil {
		t = a.st.Transfers[au.TransferID]
	}
	if t == nil || t.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeNotFound).WithMessage("no transfer was found")
	}
	return &transferResponse{Transfer: t.json(a.refundsOfLocked(t))}, nil
}
