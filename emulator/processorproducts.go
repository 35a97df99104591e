package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/investments"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/liabilities"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The partner side of Transactions refresh and recurring streams,
// Liabilities and Investments: what the app side answers, for the token's
// one account.

// handleProcessorTransactionsRefresh serves POST /processor/transactions/refresh.
func handleProcessorTransactionsRefresh(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	it, _, started, err := c.processorTransactions(req.ProcessorToken, 0)
	if err != nil || started {
		return &wire.Response{}, err
	}
	return c.s.transactions.RefreshItem(&c.Call, it)
}

type processorTransactionsRecurringGetRequest struct {
	product.Credentials
	ProcessorToken string                         `json:"processor_token" plaid:"required"`
	Options        *transactions.RecurringOptions `json:"options"`
}

// handleProcessorTransactionsRecurringGet serves POST /processor/transactions/recurring/get.
func handleProcessorTransactionsRecurringGet(c *call, req *processorTransactionsRecurringGetRequest) (any, *wire.Error) {
	it, i, started, err := c.processorTransactions(req.ProcessorToken, 0)
	if err != nil {
		return nil, err
	}
	return c.s.transactions.RecurringCore(&c.Call, it, started, map[int32]bool{i: true}, req.Options.Version())
}

type processorLiabilitiesGetResponse struct {
	Account     product.AccountJSON         `json:"account"`
	Liabilities liabilities.LiabilitiesJSON `json:"liabilities"`
	wire.Response
}

// handleProcessorLiabilitiesGet serves POST /processor/liabilities/get; an
// account that is no credit card or loan is NO_LIABILITY_ACCOUNTS.
func handleProcessorLiabilitiesGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, it, i, err := c.processorAccount(req.ProcessorToken, "liabilities")
	if err != nil {
		return nil, err
	}
	a := &it.Accounts[i]
	if !liabilities.IsLiability(a) {
		return nil, wire.New(wire.CodeNoLiabilityAccounts)
	}
	return &processorLiabilitiesGetResponse{Account: a.JSON(), Liabilities: liabilities.LiabilitiesOf([]*product.Account{a})}, nil
}

type processorHoldingsGetResponse struct {
	Account    investments.InvestmentAccountJSON `json:"account"`
	Holdings   []investments.HoldingJSON         `json:"holdings"`
	Securities []fixtures.Security               `json:"securities"`
	wire.Response
}

// processorInvestmentAccount is the token's account, which must be an
// investment account.
func (c *call) processorInvestmentAccount(tok string) (product.Item, *product.Account, *wire.Error) {
	_, it, i, err := c.processorAccount(tok, "investments")
	if err != nil {
		return product.Item{}, nil, err
	}
	a := &it.Accounts[i]
	if a.Type != "investment" {
		return product.Item{}, nil, wire.New(wire.CodeNoInvestmentAccounts)
	}
	return it, a, nil
}

// handleProcessorInvestmentsHoldingsGet serves POST /processor/investments/holdings/get.
func handleProcessorInvestmentsHoldingsGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, a, err := c.processorInvestmentAccount(req.ProcessorToken)
	if err != nil {
		return nil, err
	}
	sel := []*product.Account{a}
	out := &processorHoldingsGetResponse{Account: investments.InvestmentAccounts(sel)[0]}
	out.Holdings, out.Securities = investments.HoldingsOf(c.Fixtures, sel)
	return out, nil
}

type processorInvestmentsTransactionsGetRequest struct {
	product.Credentials
	ProcessorToken string                    `json:"processor_token" plaid:"required"`
	StartDate      string                    `json:"start_date" plaid:"required,format=date"`
	EndDate        string                    `json:"end_date" plaid:"required,format=date"`
	Options        *investments.InvTxOptions `json:"options"`
}

type processorInvestmentsTransactionsGetResponse struct {
	Account                     investments.InvestmentAccountJSON `json:"account"`
	InvestmentTransactions      []investments.InvestmentTxJSON    `json:"investment_transactions"`
	Securities                  []fixtures.Security               `json:"securities"`
	TotalInvestmentTransactions int                               `json:"total_investment_transactions"`
	wire.Response
}

// handleProcessorInvestmentsTransactionsGet serves POST /processor/investments/transactions/get.
func handleProcessorInvestmentsTransactionsGet(c *call, req *processorInvestmentsTransactionsGetRequest) (any, *wire.Error) {
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	it, a, err := c.processorInvestmentAccount(req.ProcessorToken)
	if err != nil {
		return nil, err
	}
	sel := []*product.Account{a}
	out := &processorInvestmentsTransactionsGetResponse{Account: investments.InvestmentAccounts(sel)[0]}
	out.InvestmentTransactions, out.Securities, out.TotalInvestmentTransactions = investments.InvestmentTxOf(c.Fixtures, it, sel, req.StartDate, req.EndDate, req.Options)
	return out, nil
}
