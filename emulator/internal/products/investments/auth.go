package investments

import (
	"fmt"
	"hash/fnv"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Investments Move (https://plaid.com/docs/api/products/investments-move/):
// what a brokerage needs to pull an account's holdings in: ACATS numbers,
// the owners' names, the holdings. The emulator serves it on Items with
// Investments (it adds investments, as the other Investments paths do);
// every number comes from the institution.

type investmentsAuthOwner struct {
	AccountID string   `json:"account_id"`
	Names     []string `json:"names"`
}

type numbersACATS struct {
	AccountID  string   `json:"account_id"`
	Account    string   `json:"account"`
	DTCNumbers []string `json:"dtc_numbers"`
}

type investmentsAuthNumbers struct {
	ACATS          []numbersACATS `json:"acats"`
	ATON           []any          `json:"aton"`
	Retirement401k []any          `json:"retirement_401k"`
}

// dataSources say where each part came from: the institution, all of it.
var dataSources = map[string]string{"numbers": "INSTITUTION", "owners": "INSTITUTION", "holdings": "INSTITUTION"}

type investmentsAuthGetResponse struct {
	Accounts    []InvestmentAccountJSON `json:"accounts"`
	Holdings    []HoldingJSON           `json:"holdings"`
	Securities  []fixtures.Security     `json:"securities"`
	Owners      []investmentsAuthOwner  `json:"owners"`
	Numbers     investmentsAuthNumbers  `json:"numbers"`
	DataSources map[string]string       `json:"data_sources"`
	Item        product.ItemJSON        `json:"item"`
	wire.Response
}

// moveParts are the owners and ACATS numbers of the investment accounts
// of sel: an account's ACATS number is its own ten digits, drawn from its
// id, and DTC 0226 (a clearing firm's number, the same for all).
func moveParts(sel []*product.Account) ([]investmentsAuthOwner, investmentsAuthNumbers) {
	owners, nums := []investmentsAuthOwner{}, investmentsAuthNumbers{ACATS: []numbersACATS{}, ATON: []any{}, Retirement401k: []any{}}
	for _, a := range sel {
		if a.Type != "investment" {
			continue
		}
		var names []string
		for _, o := range a.Owners {
			names = append(names, o.Names...)
		}
		owners = append(owners, investmentsAuthOwner{AccountID: a.ID, Names: product.NonNil(names)})
		h := fnv.New64a()
		h.Write([]byte(a.ID))
		nums.ACATS = append(nums.ACATS, numbersACATS{AccountID: a.ID, Account: fmt.Sprintf("%010d", h.Sum64()%1e10), DTCNumbers: []string{"0226"}})
	}
	return owners, nums
}

// HandleInvestmentsAuthGet serves POST /investments/auth/get: the selected
// accounts, the holdings and securities of the investment ones, their
// owners and ACATS numbers.
func HandleInvestmentsAuthGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, sel, err := selectedInvestments(c, req)
	if err != nil {
		return nil, err
	}
	out := &investmentsAuthGetResponse{Accounts: InvestmentAccounts(sel), Item: it.JSON(), DataSources: dataSources}
	out.Holdings, out.Securities = HoldingsOf(c.Fixtures, sel)
	out.Owners, out.Numbers = moveParts(sel)
	return out, nil
}

type processorInvestmentsAuthGetResponse struct {
	Account                   product.AccountJSON    `json:"account"`
	Holdings                  []HoldingJSON          `json:"holdings"`
	Securities                []fixtures.Security    `json:"securities"`
	Owners                    []investmentsAuthOwner `json:"owners"`
	Numbers                   investmentsAuthNumbers `json:"numbers"`
	DataSources               map[string]string      `json:"data_sources"`
	IsInvestmentsFallbackItem bool                   `json:"is_investments_fallback_item"`
	wire.Response
}

// HandleProcessorInvestmentsAuthGet serves POST
// /processor/investments/auth/get: the same for the token's one account.
func HandleProcessorInvestmentsAuthGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	_, a, err := processorInvestmentAccount(c, req.ProcessorToken)
	if err != nil {
		return nil, err
	}
	sel := []*product.Account{a}
	out := &processorInvestmentsAuthGetResponse{Account: a.JSON(), DataSources: dataSources}
	out.Holdings, out.Securities = HoldingsOf(c.Fixtures, sel)
	out.Owners, out.Numbers = moveParts(sel)
	return out, nil
}
