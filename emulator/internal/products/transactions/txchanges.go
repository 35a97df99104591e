package transactions

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// HandleTransactionsRefresh serves POST /transactions/refresh: an on-demand
// pull that posts due pending rows (and moves the dynamic user's history on).
func (p *API) HandleTransactionsRefresh(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, started, err := p.transactionsItem(c, req.AccessToken, 0)
	if err != nil || started {
		return &wire.Response{}, err
	}
	return p.RefreshItem(c, it)
}

// RefreshItem is a refresh of an Item whose transactions have started.
func (p *API) RefreshItem(c *product.Call, it product.Item) (any, *wire.Error) {
	if ev := p.door.Refresh(it.ID, c.Now); ev != nil {
		c.Emit(ev)
	}
	return &wire.Response{}, nil
}

type sandboxTransactionsCreateRequest struct {
	product.Credentials
	AccessToken  string `json:"access_token" plaid:"required"`
	Transactions []struct {
		DateTransacted  string  `json:"date_transacted" plaid:"required,format=date"`
		DatePosted      string  `json:"date_posted" plaid:"required,format=date"`
		Amount          float64 `json:"amount" plaid:"required"`
		Description     string  `json:"description" plaid:"required"`
		ISOCurrencyCode *string `json:"iso_currency_code"`
	} `json:"transactions" plaid:"required,maxitems=10"`
}

// dynamicUser is the only user /sandbox/transactions/create works for.
const dynamicUser = "user_transactions_dynamic"

// HandleSandboxTransactionsCreate serves POST /sandbox/transactions/create:
// up to 10 rows on the Item's depository account.
func (p *API) HandleSandboxTransactionsCreate(c *product.Call, req *sandboxTransactionsCreateRequest) (any, *wire.Error) {
	it, started, err := p.transactionsItem(c, req.AccessToken, 0)
	if err != nil {
		return nil, err
	}
	if it.Username != dynamicUser {
		return nil, wire.New(wire.CodeInvalidField).WithMessage(
			"/sandbox/transactions/create can only be used with Items created with %s", dynamicUser)
	}
	acct := int32(slices.IndexFunc(it.Accounts, func(a product.Account) bool { return a.Type == "depository" }))
	if acct < 0 {
		return nil, wire.New(wire.CodeNoAccounts)
	}
	if started {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	rows := make([]ledger.CustomTxn, 0, len(req.Transactions))
	for _, t := range req.Transactions {
		ct := ledger.CustomTxn{Transacted: t.DateTransacted, Posted: t.DatePosted, Amount: t.Amount, Description: t.Description}
		if t.ISOCurrencyCode != nil {
			ct.Currency = *t.ISOCurrencyCode
		}
		rows = append(rows, ct)
	}
	ev, err := p.door.AddRows(it.ID, acct, rows, c.Now)
	if err != nil {
		return nil, err
	}
	c.Emit(ev)
	return &wire.Response{}, nil
}
