// Package investments serves Investments: holdings and investment
// transactions, from fixtures and user_custom accounts.
package investments

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Investments: the positions and the investment transactions of an Item's
// investment accounts, from the fixture accounts' holdings and
// investment_transactions and the securities catalogue.

type HoldingJSON struct {
	AccountID              string   `json:"account_id"`
	SecurityID             string   `json:"security_id"`
	InstitutionPrice       float64  `json:"institution_price"`
	InstitutionPriceAsOf   *string  `json:"institution_price_as_of"`
	InstitutionPriceDate   *string  `json:"institution_price_datetime"`
	InstitutionValue       float64  `json:"institution_value"`
	CostBasis              *float64 `json:"cost_basis"`
	Quantity               float64  `json:"quantity"`
	ISOCurrencyCode        *string  `json:"iso_currency_code"`
	UnofficialCurrencyCode *string  `json:"unofficial_currency_code"`
	VestedQuantity         *float64 `json:"vested_quantity"`
	VestedValue            *float64 `json:"vested_value"`
}

type InvestmentTxJSON struct {
	InvestmentTransactionID string   `json:"investment_transaction_id"`
	CancelTransactionID     *string  `json:"cancel_transaction_id"`
	AccountID               string   `json:"account_id"`
	SecurityID              *string  `json:"security_id"`
	Date                    string   `json:"date"`
	TransactionDatetime     *string  `json:"transaction_datetime"`
	Name                    string   `json:"name"`
	Quantity                float64  `json:"quantity"`
	Amount                  float64  `json:"amount"`
	Price                   float64  `json:"price"`
	Fees                    *float64 `json:"fees"`
	Type                    string   `json:"type"`
	Subtype                 string   `json:"subtype"`
	ISOCurrencyCode         *string  `json:"iso_currency_code"`
	UnofficialCurrencyCode  *string  `json:"unofficial_currency_code"`
}

// InvestmentAccountJSON is Plaid's InvestmentAccount: AccountBase whose
// balances also carry margin_loan_amount (null: the emulator has no margin).
type InvestmentAccountJSON struct {
	product.AccountJSON
	Balances product.MarginBalancesJSON `json:"balances"`
}

func InvestmentAccounts(sel []*product.Account) []InvestmentAccountJSON {
	out := make([]InvestmentAccountJSON, len(sel))
	for i, a := range sel {
		out[i].AccountJSON = a.JSON()
		out[i].Balances.BalancesJSON = out[i].AccountJSON.Balances
	}
	return out
}

type investmentsHoldingsGetResponse struct {
	Accounts   []InvestmentAccountJSON `json:"accounts"`
	Holdings   []HoldingJSON           `json:"holdings"`
	Securities []fixtures.Security     `json:"securities"`
	Item       product.ItemJSON        `json:"item"`
	wire.Response
}

type investmentsTransactionsGetRequest struct {
	product.Credentials
	AccessToken string        `json:"access_token" plaid:"required"`
	StartDate   string        `json:"start_date" plaid:"required,format=date"`
	EndDate     string        `json:"end_date" plaid:"required,format=date"`
	Options     *InvTxOptions `json:"options"`
}

type InvTxOptions struct {
	AccountIDs  []string `json:"account_ids"`
	Count       *int     `json:"count" plaid:"min=1,max=500"`
	Offset      *int     `json:"offset" plaid:"min=0"`
	AsyncUpdate *bool    `json:"async_update"`
}

type investmentsTransactionsGetResponse struct {
	Item                        product.ItemJSON        `json:"item"`
	Accounts                    []InvestmentAccountJSON `json:"accounts"`
	Securities                  []fixtures.Security     `json:"securities"`
	InvestmentTransactions      []InvestmentTxJSON      `json:"investment_transactions"`
	TotalInvestmentTransactions int                     `json:"total_investment_transactions"`
	wire.Response
}

// investmentsItem is the start of both endpoints: the Item with the
// investments product, which must have an investment account.
func investmentsItem(c *product.Call, accessToken string) (product.Item, *wire.Error) {
	it, err := c.ProductItem(accessToken, "investments")
	if err != nil {
		return product.Item{}, err
	}
	if !slices.ContainsFunc(it.Accounts, func(a product.Account) bool { return a.Type == "investment" }) {
		return product.Item{}, wire.New(wire.CodeNoInvestmentAccounts)
	}
	return it, nil
}

// selectedInvestments is the request's Item (with Investments, and an
// investment account) and its selected accounts.
func selectedInvestments(c *product.Call, req *product.AccountsGetRequest) (product.Item, []*product.Account, *wire.Error) {
	it, err := investmentsItem(c, req.AccessToken)
	if err != nil {
		return product.Item{}, nil, err
	}
	sel, err := it.SelectAccounts(req.Options.IDs())
	return it, sel, err
}

// securitiesOf lists the securities ids refer to, once each, in order:
// the accounts' own first, then the catalogue's.
func securitiesOf(fx *fixtures.Set, sel []*product.Account, ids []string) []fixtures.Security {
	out := []fixtures.Security{}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			continue
		}
		sec := fx.Security(id)
		for _, a := range sel {
			if j := slices.IndexFunc(a.Securities, func(x fixtures.Security) bool { return x.SecurityID == id }); j >= 0 {
				sec = &a.Securities[j]
			}
		}
		if sec != nil {
			out = append(out, *sec)
		}
	}
	return out
}

// HandleInvestmentsHoldingsGet serves POST /investments/holdings/get: the
// selected accounts, the holdings of the investment ones among them, and
// the securities those hold.
func HandleInvestmentsHoldingsGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, sel, err := selectedInvestments(c, req)
	if err != nil {
		return nil, err
	}
	out := &investmentsHoldingsGetResponse{Accounts: InvestmentAccounts(sel), Item: it.JSON()}
	out.Holdings, out.Securities = HoldingsOf(c.Fixtures, sel)
	return out, nil
}

// HoldingsOf is the holdings of sel and the securities they hold.
func HoldingsOf(fx *fixtures.Set, sel []*product.Account) ([]HoldingJSON, []fixtures.Security) {
	out := []HoldingJSON{}
	var ids []string
	for _, a := range sel {
		for _, h := range a.Holdings {
			out = append(out, HoldingJSON{AccountID: a.ID, SecurityID: h.SecurityID,
				InstitutionPrice: h.InstitutionPrice, InstitutionPriceAsOf: h.InstitutionPriceAsOf,
				InstitutionValue: math.Round(h.Quantity*h.InstitutionPrice*1e6) / 1e6, CostBasis: h.CostBasis,
				Quantity: h.Quantity, ISOCurrencyCode: product.Ptr(cmp.Or(h.Currency, "USD")), VestedQuantity: h.VestedQuantity, VestedValue: h.VestedValue})
			ids = append(ids, h.SecurityID)
		}
	}
	return out, securitiesOf(fx, sel, ids)
}

// HandleInvestmentsTransactionsGet serves POST /investments/transactions/get:
// the investment transactions of the selected accounts in the date range,
// newest first in a stable order, paged by count and offset, with the
// securities of the page.
func HandleInvestmentsTransactionsGet(c *product.Call, req *investmentsTransactionsGetRequest) (any, *wire.Error) {
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	it, err := investmentsItem(c, req.AccessToken)
	if err != nil {
		return nil, err
	}
	var want []string
	if o := req.Options; o != nil {
		want = o.AccountIDs
	}
	sel, err := it.SelectAccounts(want)
	if err != nil {
		return nil, err
	}
	out := &investmentsTransactionsGetResponse{Item: it.JSON(), Accounts: InvestmentAccounts(sel)}
	out.InvestmentTransactions, out.Securities, out.TotalInvestmentTransactions = InvestmentTxOf(c.Fixtures, it, sel, req.StartDate, req.EndDate, req.Options)
	return out, nil
}

// InvestmentTxOf is a page of sel's investment transactions in the range,
// newest first, with the page's securities and the total in the range.
func InvestmentTxOf(fx *fixtures.Set, it product.Item, sel []*product.Account, start, end string, o *InvTxOptions) ([]InvestmentTxJSON, []fixtures.Security, int) {
	count, offset := 100, 0
	if o != nil {
		if o.Count != nil {
			count = *o.Count
		}
		if o.Offset != nil {
			offset = *o.Offset
		}
	}
	var all []InvestmentTxJSON
	for _, a := range sel {
		for j, t := range a.InvTx {
			d := t.Day(it.CreatedAt)
			if d < start || d > end {
				continue
			}
			all = append(all, InvestmentTxJSON{InvestmentTransactionID: ledger.HashID("investment/" + it.ID + "/" + a.ID + "/" + strconv.Itoa(j)),
				AccountID: a.ID, SecurityID: t.SecurityID, Date: d, Name: t.Name, Quantity: t.Quantity, Amount: t.Amount,
				Price: t.Price, Fees: t.Fees, Type: t.Type, Subtype: t.Subtype, ISOCurrencyCode: product.Ptr(cmp.Or(t.Currency, "USD"))})
		}
	}
	slices.SortStableFunc(all, func(x, y InvestmentTxJSON) int {
		switch {
		case x.Date > y.Date:
			return -1
		case x.Date < y.Date:
			return 1
		}
		return 0
	})
	from := min(offset, len(all))
	page := append([]InvestmentTxJSON{}, all[from:from+min(count, len(all)-from)]...) // no offset+count: it can overflow
	var ids []string
	for _, t := range page {
		if t.SecurityID != nil {
			ids = append(ids, *t.SecurityID)
		}
	}
	return page, securitiesOf(fx, sel, ids), len(all)
}
