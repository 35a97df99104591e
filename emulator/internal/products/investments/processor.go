package investments

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The partner side of Transactions refresh and recurring streams,
// Liabilities and Investments: what the app side answers, for the token's
// one account.

type processorHoldingsGetResponse struct {
	Account    InvestmentAccountJSON `json:"account"`
	Holdings   []HoldingJSON         `json:"holdings"`
	Securities []fixtures.Security   `json:"securities"`
	wire.Response
}

// processorInvestmentAccount is the token's account, which must be an
// investment account.
func processorInvestmentAccount(c *product.Call, tok string) (product.Item, *product.Account, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, tok, "investments")
	if err != nil {
		return product.Item{}, nil, err
	}
	a := &it.Accounts[i]
	if a.Type != "investment" {
		return product.Item{}, nil, wire.New(wire.CodeNoInvestmentAccounts)
	}
	return it, a, nil
}

// HandleProcessorInvestmentsHoldingsGet serves POST /processor/investments/holdings/get.
func HandleProcessorInvestmentsHoldingsGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, a, err := processorInvestmentAccount(c, req.ProcessorToken)
	if err != nil {
		return nil, err
	}
	sel := []*product.Account{a}
	out := &processorHoldingsGetResponse{Account: InvestmentAccounts(sel)[0]}
	out.Holdings, out.Securities = HoldingsOf(c.Fixtures, sel)
	return out, nil
}

type processorInvestmentsTransactionsGetRequest struct {
	product.Credentials
	ProcessorToken string        `json:"processor_token" plaid:"required"`
	StartDate      string        `json:"start_date" plaid:"required,format=date"`
	EndDate        string        `json:"end_date" plaid:"required,format=date"`
	Options        *InvTxOptions `json:"options"`
}

type processorInvestmentsTransactionsGetResponse struct {
	Account                     InvestmentAccountJSON `json:"account"`
	InvestmentTransactions      []InvestmentTxJSON    `json:"investment_transactions"`
	Securities                  []fixtures.Security   `json:"securities"`
	TotalInvestmentTransactions int                   `json:"total_investment_transactions"`
	wire.Response
}

// HandleProcessorInvestmentsTransactionsGet serves POST /processor/investments/transactions/get.
func HandleProcessorInvestmentsTransactionsGet(c *product.Call, req *processorInvestmentsTransactionsGetRequest) (any, *wire.Error) {
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	it, a, err := processorInvestmentAccount(c, req.ProcessorToken)
	if err != nil {
		return nil, err
	}
	sel := []*product.Account{a}
	out := &processorInvestmentsTransactionsGetResponse{Account: InvestmentAccounts(sel)[0]}
	out.InvestmentTransactions, out.Securities, out.TotalInvestmentTransactions = InvestmentTxOf(c.Fixtures, it, sel, req.StartDate, req.EndDate, req.Options)
	return out, nil
}
