package emulator

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/accounts"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/identity"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The partner side: a processor token sees exactly one account of one Item,
// and inherits the Item's state.

// processorAccount starts every partner call: the token's Item (failing
// with its error state), the account index, and product checks: the
// token's permissions, then the Item (adding the product on first use).
func (c *call) processorAccount(tok, prod string) (procToken, product.Item, int32, *wire.Error) {
	return processorAccountOf(c.s, tok, prod)
}

func processorAccountOf(s *Server, tok, prod string) (procToken, product.Item, int32, *wire.Error) {
	pt, it, ok := s.store.procTokenFor(tok)
	if !ok {
		return procToken{}, product.Item{}, 0, wire.New(wire.CodeInvalidProcessorToken)
	}
	it = s.aged(it)
	if it.Err != nil {
		return procToken{}, product.Item{}, 0, it.Err
	}
	if prod != "" && pt.products != nil && !slices.Contains(pt.products, prod) {
		return procToken{}, product.Item{}, 0, wire.New(wire.CodeProductNotEnabled).WithMessage(
			"the processor token is not permitted to access the %s product; see /processor/token/permissions/set", prod)
	}
	if prod != "" && prod != "balance" && !it.HasProduct(prod) {
		st := s.store
		var err *wire.Error
		if it, err = st.updateItemByIDErr(it.ID, func(x *product.Item) *wire.Error { return st.ensureProduct(x, prod) }); err != nil {
			return procToken{}, product.Item{}, 0, err
		}
	}
	i := product.AccountIndex(it, pt.accountID)
	if i < 0 {
		return procToken{}, product.Item{}, 0, wire.New(wire.CodeInvalidProcessorToken)
	}
	return pt, it, i, nil
}

type processorAccountResponse struct {
	Account       product.AccountJSON `json:"account"`
	InstitutionID *string             `json:"institution_id,omitempty"`
	wire.Response
}

// handleProcessorAccountGet serves POST /processor/account/get.
func handleProcessorAccountGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, it, i, err := c.processorAccount(req.ProcessorToken, "")
	if err != nil {
		return nil, err
	}
	inst := it.InstitutionID
	return &processorAccountResponse{Account: it.Accounts[i].JSON(), InstitutionID: &inst}, nil
}

type processorBalanceGetRequest struct {
	product.Credentials
	ProcessorToken string `json:"processor_token" plaid:"required"`
	Options        *struct {
		MinLastUpdatedDatetime *string `json:"min_last_updated_datetime" plaid:"format=date-time"`
	} `json:"options"`
}

// handleProcessorBalanceGet serves POST /processor/balance/get.
func handleProcessorBalanceGet(c *call, req *processorBalanceGetRequest) (any, *wire.Error) {
	_, it, i, err := c.processorAccount(req.ProcessorToken, "balance")
	if err != nil {
		return nil, err
	}
	return &processorAccountResponse{Account: it.Accounts[i].JSON()}, nil
}

type processorAuthGetResponse struct {
	Account product.AccountJSON `json:"account"`
	Numbers processorNumber     `json:"numbers"`
	wire.Response
}

// processorNumber holds single, nullable numbers (not arrays as /auth/get).
type processorNumber struct {
	ACH           *accounts.ACHJSON           `json:"ach"`
	EFT           *accounts.EFTJSON           `json:"eft"`
	International *accounts.InternationalJSON `json:"international"`
	BACS          *accounts.BACSJSON          `json:"bacs"`
}

// handleProcessorAuthGet serves POST /processor/auth/get.
func handleProcessorAuthGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, it, i, err := c.processorAccount(req.ProcessorToken, "auth")
	if err != nil {
		return nil, err
	}
	a := &it.Accounts[i]
	if !accounts.AuthEligible(a) {
		return nil, wire.New(wire.CodeNoAuthAccounts)
	}
	if v := a.Verification; v != nil && (*v == "pending_automatic_verification" || *v == "pending_manual_verification") {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	yes := true
	var n processorNumber
	if a.ACH != nil {
		n.ACH = &accounts.ACHJSON{AccountID: a.ID, Account: a.ACH.Account, Routing: a.ACH.Routing, WireRouting: a.ACH.WireRouting, CanTransferIn: &yes, CanTransferOut: &yes}
	}
	if a.EFT != nil {
		n.EFT = &accounts.EFTJSON{AccountID: a.ID, Account: a.EFT.Account, Institution: a.EFT.Institution, Branch: a.EFT.Branch}
	}
	if a.International != nil {
		n.International = &accounts.InternationalJSON{AccountID: a.ID, IBAN: a.International.IBAN, BIC: a.International.BIC}
	}
	if a.BACS != nil {
		n.BACS = &accounts.BACSJSON{AccountID: a.ID, Account: a.BACS.Account, SortCode: a.BACS.SortCode}
	}
	return &processorAuthGetResponse{Account: a.JSON(), Numbers: n}, nil
}

type processorIdentityGetResponse struct {
	Account identity.IdentityAccountJSON `json:"account"`
	wire.Response
}

// handleProcessorIdentityGet serves POST /processor/identity/get.
func handleProcessorIdentityGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, it, i, err := c.processorAccount(req.ProcessorToken, "identity")
	if err != nil {
		return nil, err
	}
	a := &it.Accounts[i]
	return &processorIdentityGetResponse{Account: identity.IdentityAccountJSON{AccountJSON: a.JSON(), Owners: product.NonNil(a.Owners)}}, nil
}

type processorTransactionsSyncRequest struct {
	product.Credentials
	ProcessorToken string                    `json:"processor_token" plaid:"required"`
	Cursor         *string                   `json:"cursor"`
	Count          *int                      `json:"count" plaid:"min=1,max=500"`
	Options        *transactions.SyncOptions `json:"options"`
}

// handleProcessorTransactionsSync serves POST /processor/transactions/sync:
// the token's account's stream, with "account" instead of "accounts".
func handleProcessorTransactionsSync(c *call, req *processorTransactionsSyncRequest) (any, *wire.Error) {
	var opts *transactions.RequestOptions
	if req.Options != nil {
		opts = &req.Options.RequestOptions
	}
	it, i, started, err := c.processorTransactions(req.ProcessorToken, opts.Days())
	if err != nil {
		return nil, err
	}
	resp, err := c.s.transactions.SyncCore(it, started, i, req.Cursor, req.Count, opts)
	if err != nil {
		return nil, err
	}
	c.s.store.updateProcToken(req.ProcessorToken, func(pt *procToken) { pt.syncCalled = true })
	resp.Single = true
	return resp, nil
}

// processorTransactions is transactionsItem for a processor token.
func (c *call) processorTransactions(tok string, days int) (product.Item, int32, bool, *wire.Error) {
	had := false
	if _, it, ok := c.s.store.procTokenFor(tok); ok {
		had = it.HasProduct("transactions")
	}
	_, it, i, err := c.processorAccount(tok, "transactions")
	if err != nil {
		return product.Item{}, 0, false, err
	}
	if !had {
		c.s.startTransactions(it, days, true)
	}
	return it, i, !had, nil
}

type processorTransactionsGetRequest struct {
	product.Credentials
	ProcessorToken string `json:"processor_token" plaid:"required"`
	StartDate      string `json:"start_date" plaid:"required,format=date"`
	EndDate        string `json:"end_date" plaid:"required,format=date"`
	Options        *struct {
		Count                              *int  `json:"count" plaid:"min=1,max=500"`
		Offset                             *int  `json:"offset" plaid:"min=0"`
		IncludeOriginalDescription         *bool `json:"include_original_description"`
		IncludePersonalFinanceCategoryBeta *bool `json:"include_personal_finance_category_beta"`
		IncludePersonalFinanceCategory     *bool `json:"include_personal_finance_category"`
		IncludeLogoAndCounterpartyBeta     *bool `json:"include_logo_and_counterparty_beta"`
	} `json:"options"`
}

// handleProcessorTransactionsGet serves POST /processor/transactions/get.
func handleProcessorTransactionsGet(c *call, req *processorTransactionsGetRequest) (any, *wire.Error) {
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	it, i, started, err := c.processorTransactions(req.ProcessorToken, 0)
	if err != nil {
		return nil, err
	}
	var count, offset *int
	opts := &transactions.RequestOptions{}
	if o := req.Options; o != nil {
		count, offset, opts.IncludeOriginalDescription = o.Count, o.Offset, o.IncludeOriginalDescription
	}
	resp, err := c.s.transactions.GetCore(it, started, map[int32]bool{i: true}, req.StartDate, req.EndDate, count, offset, opts)
	if err != nil {
		return nil, err
	}
	resp.Single = true
	return resp, nil
}

type processorTokenPermissionsSetRequest struct {
	product.Credentials
	ProcessorToken string   `json:"processor_token" plaid:"required"`
	Products       []string `json:"products" plaid:"required,enum=products"`
}

// handleProcessorTokenPermissionsSet serves POST
// /processor/token/permissions/set; an empty list allows every product.
func handleProcessorTokenPermissionsSet(c *call, req *processorTokenPermissionsSetRequest) (any, *wire.Error) {
	ok := c.s.store.updateProcToken(req.ProcessorToken, func(pt *procToken) {
		pt.products = nil
		if len(req.Products) > 0 {
			pt.products = slices.Clone(req.Products)
		}
	})
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &wire.Response{}, nil
}

type processorTokenPermissionsGetResponse struct {
	Products []string `json:"products"`
	wire.Response
}

// handleProcessorTokenPermissionsGet serves POST /processor/token/permissions/get.
func handleProcessorTokenPermissionsGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	pt, _, ok := c.s.store.procTokenFor(req.ProcessorToken)
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &processorTokenPermissionsGetResponse{Products: product.NonNil(pt.products)}, nil
}

type processorTokenWebhookUpdateRequest struct {
	product.Credentials
	ProcessorToken string  `json:"processor_token" plaid:"required"`
	Webhook        *string `json:"webhook" plaid:"required,format=url"`
}

// handleProcessorTokenWebhookUpdate serves POST /processor/token/webhook/update.
func handleProcessorTokenWebhookUpdate(c *call, req *processorTokenWebhookUpdateRequest) (any, *wire.Error) {
	ok := c.s.store.updateProcToken(req.ProcessorToken, func(pt *procToken) { pt.webhook = req.Webhook })
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &wire.Response{}, nil
}
