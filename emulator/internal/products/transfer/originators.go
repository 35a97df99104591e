package transfer

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Transfer for Platforms, minimally and statefully: a platform's
// originators, their onboarding status, and a Ledger each
// (https://plaid.com/docs/transfer/platform-payments/). Sandbox's magic originator ids answer their fixed statuses; an
// originator made here starts not_submitted and is approved as soon as
// its diligence (or /transfer/platform/originator/create) is submitted.

// Originator is a platform's originator, as --state keeps it.
type Originator struct {
	ID, ClientID, Company, Status string
	Webhook                       string // for PLATFORM_ONBOARDING_UPDATE
	FundingAccountID              string
	Created                       time.Time
}

// magicOriginators are Sandbox's fixed originator ids (https://plaid.com/docs/transfer/platform-payments/).
var magicOriginators = map[string]string{
	"111111111111111111111111": "approved",
	"222222222222222222222222": "denied",
	"333333333333333333333333": "under_review",
	"444444444444444444444444": "more_information_required",
}

// originatorLocked is the client's originator id, made on first use for
// a magic id; an unknown one is TRANSFER_ORIGINATOR_NOT_FOUND. Callers hold a.mu.
func (a *API) originatorLocked(c *product.Call, id string) (*Originator, *wire.Error) {
	key := c.ClientID + "\x00" + id
	if o := a.st.Originators[key]; o != nil {
		return o, nil
	}
	status, ok := magicOriginators[id]
	if !ok {
		return nil, wire.New(wire.CodeTransferOriginatorNotFound)
	}
	o := &Originator{ID: id, ClientID: c.ClientID, Company: "Sandbox originator " + id[:1], Status: status, Created: c.Now}
	a.st.Originators[key] = o
	return o, nil
}

// originatorReadyLocked refuses an originator that may not move money yet.
func (a *API) originatorReadyLocked(c *product.Call, id string) *wire.Error {
	o, err := a.originatorLocked(c, id)
	if err != nil {
		return err
	}
	if o.Status != "approved" {
		return wire.New(wire.CodeIncompleteCustomerOnboarding).WithMessage("the originator's diligence is %s, not approved", o.Status)
	}
	return nil
}

// approveLocked approves o (a magic originator keeps its status) and
// returns the webhook that says so. Callers hold a.mu.
func (a *API) approveLocked(o *Originator) []product.Event {
	if _, magic := magicOriginators[o.ID]; magic || o.Status == "approved" {
		return nil
	}
	o.Status = "approved"
	if o.Webhook == "" {
		return nil
	}
	return []product.Event{PlatformOnboardingUpdate{To: o.Webhook, OriginatorID: o.ID}}
}

type originatorCreateRequest struct {
	product.Credentials
	CompanyName string `json:"company_name" plaid:"required,minlen=1"`
}

type originatorCreateResponse struct {
	OriginatorClientID string `json:"originator_client_id"`
	CompanyName        string `json:"company_name"`
	wire.Response
}

// HandleOriginatorCreate serves POST /transfer/originator/create.
func (a *API) HandleOriginatorCreate(c *product.Call, req *originatorCreateRequest) (any, *wire.Error) {
	id := strings.ReplaceAll(a.door.NewUUID(), "-", "")[:24]
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Originators[c.ClientID+"\x00"+id] = &Originator{ID: id, ClientID: c.ClientID, Company: req.CompanyName, Status: "not_submitted", Created: c.Now}
	a.door.StateChanged(a.Name())
	return &originatorCreateResponse{OriginatorClientID: id, CompanyName: req.CompanyName}, nil
}

type originatorIDRequest struct {
	product.Credentials
	OriginatorClientID string `json:"originator_client_id" plaid:"required"`
}

type originatorGetResponse struct {
	Originator map[string]any `json:"originator"`
	wire.Response
}

// HandleOriginatorGet serves POST /transfer/originator/get.
func (a *API) HandleOriginatorGet(c *product.Call, req *originatorIDRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o, err := a.originatorLocked(c, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	return &originatorGetResponse{Originator: map[string]any{"client_id": o.ID, "transfer_diligence_status": o.Status,
		"company_name": o.Company, "outstanding_requirements": []any{}}}, nil
}

type originatorListRequest struct {
	product.Credentials
	Count  *int `json:"count" plaid:"min=1,max=25"`
	Offset *int `json:"offset" plaid:"min=0"`
}

type originatorListResponse struct {
	Originators []map[string]any `json:"originators"`
	wire.Response
}

// HandleOriginatorList serves POST /transfer/originator/list: the
// client's originators, oldest first.
func (a *API) HandleOriginatorList(c *product.Call, req *originatorListRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	var all []*Originator
	for _, o := range a.st.Originators {
		if o.ClientID == c.ClientID {
			all = append(all, o)
		}
	}
	byTime(all, false, func(o *Originator) time.Time { return o.Created }, func(o *Originator) string { return o.ID })
	return &originatorListResponse{Originators: page(all, count, offset, func(o *Originator) map[string]any {
		return map[string]any{"client_id": o.ID, "transfer_diligence_status": o.Status}
	})}, nil
}

type fundingAccountRequest struct {
	product.Credentials
	OriginatorClientID string `json:"originator_client_id" plaid:"required"`
	FundingAccount     struct {
		AccessToken string  `json:"access_token" plaid:"required"`
		AccountID   string  `json:"account_id" plaid:"required"`
		DisplayName *string `json:"display_name"`
	} `json:"funding_account" plaid:"required"`
}

type fundingAccountCreateResponse struct {
	FundingAccountID string `json:"funding_account_id"`
	wire.Response
}

// HandleFundingAccountCreate serves POST /transfer/originator/funding_account/create:
// one of the client's Items' accounts becomes the originator's funding account.
func (a *API) HandleFundingAccountCreate(c *product.Call, req *fundingAccountRequest) (any, *wire.Error) {
	return a.fundingAccount(c, req, true)
}

// HandleFundingAccountUpdate serves POST /transfer/originator/funding_account/update.
func (a *API) HandleFundingAccountUpdate(c *product.Call, req *fundingAccountRequest) (any, *wire.Error) {
	return a.fundingAccount(c, req, false)
}

func (a *API) fundingAccount(c *product.Call, req *fundingAccountRequest, create bool) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.FundingAccount.AccessToken)
	if err != nil {
		return nil, err
	}
	if product.AccountIndex(it, req.FundingAccount.AccountID) < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	o, err := a.originatorLocked(c, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	l := a.ledgerOfLocked(c.ClientID, o.ID)
	l.FundingAccountID = a.door.NewUUID()
	o.FundingAccountID = l.FundingAccountID
	a.door.StateChanged(a.Name())
	if create {
		return &fundingAccountCreateResponse{FundingAccountID: o.FundingAccountID}, nil
	}
	return &wire.Response{}, nil
}

type questionnaireRequest struct {
	product.Credentials
	OriginatorClientID string `json:"originator_client_id" plaid:"required"`
	RedirectURI        string `json:"redirect_uri" plaid:"required,minlen=1"`
}

type questionnaireResponse struct {
	OnboardingURL string `json:"onboarding_url"`
	wire.Response
}

// HandleQuestionnaireCreate serves POST /transfer/questionnaire/create.
// No questionnaire is hosted here: the onboarding URL is the redirect_uri
// with the originator's id, as if the user had finished it.
func (a *API) HandleQuestionnaireCreate(c *product.Call, req *questionnaireRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.originatorLocked(c, req.OriginatorClientID); err != nil {
		return nil, err
	}
	sep := "?"
	if strings.Contains(req.RedirectURI, "?") {
		sep = "&"
	}
	return &questionnaireResponse{OnboardingURL: req.RedirectURI + sep + "originator_client_id=" + req.OriginatorClientID}, nil
}

type diligenceRequest struct {
	product.Credentials
	OriginatorClientID string         `json:"originator_client_id" plaid:"required"`
	Diligence          map[string]any `json:"originator_diligence" plaid:"required"`
}

// HandleDiligenceSubmit serves POST /transfer/diligence/submit: the
// originator is approved at once (our choice for Sandbox).
func (a *API) HandleDiligenceSubmit(c *product.Call, req *diligenceRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o, err := a.originatorLocked(c, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	c.Emit(a.approveLocked(o)...)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type platformOriginatorRequest struct {
	product.Credentials
	OriginatorClientID string `json:"originator_client_id" plaid:"required,minlen=1"`
	TOS                struct {
		AgreementAccepted   bool   `json:"agreement_accepted" plaid:"required"`
		OriginatorIPAddress string `json:"originator_ip_address" plaid:"required"`
		AgreementAcceptedAt string `json:"agreement_accepted_at" plaid:"required"`
	} `json:"tos_acceptance_metadata" plaid:"required"`
	ReviewedAt string  `json:"originator_reviewed_at" plaid:"required"`
	Webhook    *string `json:"webhook" plaid:"format=url"`
}

// HandlePlatformOriginatorCreate serves POST /transfer/platform/originator/create:
// Sandbox's way to onboard (https://plaid.com/docs/transfer/platform-payments/). The originator, made if new,
// is approved at once and PLATFORM_ONBOARDING_UPDATE goes to webhook.
func (a *API) HandlePlatformOriginatorCreate(c *product.Call, req *platformOriginatorRequest) (any, *wire.Error) {
	if !req.TOS.AgreementAccepted {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("tos_acceptance_metadata.agreement_accepted must be true")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	key := c.ClientID + "\x00" + req.OriginatorClientID
	o := a.st.Originators[key]
	if o == nil {
		if _, magic := magicOriginators[req.OriginatorClientID]; magic {
			o, _ = a.originatorLocked(c, req.OriginatorClientID)
		} else {
			o = &Originator{ID: req.OriginatorClientID, ClientID: c.ClientID, Status: "submitted", Created: c.Now}
			a.st.Originators[key] = o
		}
	}
	if req.Webhook != nil {
		o.Webhook = *req.Webhook
	}
	c.Emit(a.approveLocked(o)...)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type personCreateRequest struct {
	product.Credentials
	OriginatorClientID string `json:"originator_client_id" plaid:"required"`
	// The person's details are accepted and not kept.
	Name         map[string]any `json:"name"`
	Email        *string        `json:"email_address"`
	Phone        *string        `json:"phone_number"`
	Address      map[string]any `json:"address"`
	IDNumber     map[string]any `json:"id_number"`
	DateOfBirth  *string        `json:"date_of_birth" plaid:"format=date"`
	Relationship *string        `json:"relationship_to_originator"`
	Ownership    *int           `json:"ownership_percentage" plaid:"min=0,max=100"`
	Title        *string        `json:"title"`
}

type personCreateResponse struct {
	PersonID string `json:"person_id"`
	wire.Response
}

// HandlePersonCreate serves POST /transfer/platform/person/create: a new person_id.
func (a *API) HandlePersonCreate(c *product.Call, req *personCreateRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, err := a.originatorLocked(c, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	return &personCreateResponse{PersonID: a.door.NewUUID()}, nil
}

type requirementSubmitRequest struct {
	product.Credentials
	OriginatorClientID string           `json:"originator_client_id" plaid:"required"`
	Submissions        []map[string]any `json:"requirement_submissions" plaid:"required"`
}

// HandleRequirementSubmit serves POST /transfer/platform/requirement/submit:
// valid submissions succeed (https://plaid.com/docs/transfer/platform-payments/).
func (a *API) HandleRequirementSubmit(c *product.Call, req *requirementSubmitRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.originatorLocked(c, req.OriginatorClientID); err != nil {
		return nil, err
	}
	if len(req.Submissions) == 0 {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("requirement_submissions must not be empty")
	}
	return &wire.Response{}, nil
}

type distributeRequest struct {
	product.Credentials
	FromLedgerID   string  `json:"from_ledger_id" plaid:"required"`
	ToLedgerID     string  `json:"to_ledger_id" plaid:"required"`
	Amount         string  `json:"amount" plaid:"required"`
	IdempotencyKey string  `json:"idempotency_key" plaid:"required,minlen=1,maxlen=50"`
	Description    *string `json:"description"`
}

// maxDistributed is how many distribution idempotency keys are kept: the
// oldest are forgotten past it.
const maxDistributed = 10000

// HandleDistribute serves POST /transfer/ledger/distribute: available
// balance from one of the client's Ledgers to another (its own and its
// originators'), once per idempotency_key.
func (a *API) HandleDistribute(c *product.Call, req *distributeRequest) (any, *wire.Error) {
	amt, ok := product.Cents(req.Amount)
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	key := c.ClientID + "\x00" + req.IdempotencyKey
	if slices.Contains(a.st.Distributed, key) {
		return &wire.Response{}, nil
	}
	from, err := a.pickLedgerLocked(c, &req.FromLedgerID, nil)
	if err != nil {
		return nil, err
	}
	to, err := a.pickLedgerLocked(c, &req.ToLedgerID, nil)
	switch {
	case err != nil:
		return nil, err
	case from == to:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("from_ledger_id and to_ledger_id must differ")
	case from.Available < amt: // the error is undocumented
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount is more than the Ledger's available balance of %s", product.Money(from.Available))
	}
	desc := "distribution"
	if req.Description != nil && *req.Description != "" {
		desc = *req.Description
	}
	bf, bt := *from, *to
	from.Available -= amt
	to.Available += amt
	a.noteLedgerLocked(c.ClientID, from, bf, "distribution", "", desc, c.Now)
	a.noteLedgerLocked(c.ClientID, to, bt, "distribution", "", desc, c.Now)
	a.st.Distributed = append(a.st.Distributed, key)
	if len(a.st.Distributed) > maxDistributed { // memory stays bounded
		a.st.Distributed = slices.Delete(a.st.Distributed, 0, len(a.st.Distributed)-maxDistributed)
	}
	defer a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}
