package transactions

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type processorTransactionsSyncRequest struct {
	product.Credentials
	ProcessorToken string       `json:"processor_token" plaid:"required"`
	Cursor         *string      `json:"cursor"`
	Count          *int         `json:"count" plaid:"min=1,max=500"`
	Options        *SyncOptions `json:"options"`
}

// HandleProcessorTransactionsSync serves POST /processor/transactions/sync:
// the token's account's stream, with "account" instead of "accounts".
func (p *API) HandleProcessorTransactionsSync(c *product.Call, req *processorTransactionsSyncRequest) (any, *wire.Error) {
	var opts *RequestOptions
	if req.Options != nil {
		opts = &req.Options.RequestOptions
	}
	it, i, started, err := p.door.ProcessorTransactions(c, req.ProcessorToken, opts.Days())
	if err != nil {
		return nil, err
	}
	resp, err := p.SyncCore(it, started, i, req.Cursor, req.Count, opts)
	if err != nil {
		return nil, err
	}
	p.door.ProcessorSynced(req.ProcessorToken)
	resp.Single = true
	return resp, nil
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

// HandleProcessorTransactionsGet serves POST /processor/transactions/get.
func (p *API) HandleProcessorTransactionsGet(c *product.Call, req *processorTransactionsGetRequest) (any, *wire.Error) {
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	it, i, started, err := p.door.ProcessorTransactions(c, req.ProcessorToken, 0)
	if err != nil {
		return nil, err
	}
	var count, offset *int
	opts := &RequestOptions{}
	if o := req.Options; o != nil {
		count, offset, opts.IncludeOriginalDescription = o.Count, o.Offset, o.IncludeOriginalDescription
	}
	resp, err := p.GetCore(it, started, map[int32]bool{i: true}, req.StartDate, req.EndDate, count, offset, opts)
	if err != nil {
		return nil, err
	}
	resp.Single = true
	return resp, nil
}

// HandleProcessorTransactionsRefresh serves POST /processor/transactions/refresh.
func (p *API) HandleProcessorTransactionsRefresh(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	it, _, started, err := p.door.ProcessorTransactions(c, req.ProcessorToken, 0)
	if err != nil || started {
		return &wire.Response{}, err
	}
	return p.RefreshItem(c, it)
}

type processorTransactionsRecurringGetRequest struct {
	product.Credentials
	ProcessorToken string            `json:"processor_token" plaid:"required"`
	Options        *RecurringOptions `json:"options"`
}

// HandleProcessorTransactionsRecurringGet serves POST /processor/transactions/recurring/get.
func (p *API) HandleProcessorTransactionsRecurringGet(c *product.Call, req *processorTransactionsRecurringGetRequest) (any, *wire.Error) {
	it, i, started, err := p.door.ProcessorTransactions(c, req.ProcessorToken, 0)
	if err != nil {
		return nil, err
	}
	return p.RecurringCore(c, it, started, map[int32]bool{i: true}, req.Options.Version())
}
