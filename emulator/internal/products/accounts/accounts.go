// Package accounts serves the account reads: /accounts/get,
// /accounts/balance/get (the hot path: cached JSON, no encoding) and
// /auth/get with account and routing numbers.
package accounts

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type accountsBalanceGetRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	Options     *struct {
		AccountIDs             []string `json:"account_ids"`
		MinLastUpdatedDatetime *string  `json:"min_last_updated_datetime" plaid:"format=date-time"`
	} `json:"options"`
}

// HandleAccountsGet serves POST /accounts/get (cached balances).
func HandleAccountsGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	return accounts(c, req.AccessToken, req.Options.IDs())
}

// HandleAccountsBalanceGet serves POST /accounts/balance/get (real-time
// balances; in the emulator the stored ones are always current).
func HandleAccountsBalanceGet(c *product.Call, req *accountsBalanceGetRequest) (any, *wire.Error) {
	var ids []string
	if req.Options != nil {
		ids = req.Options.AccountIDs
	}
	return accounts(c, req.AccessToken, ids)
}

func accounts(c *product.Call, accessToken string, ids []string) (any, *wire.Error) {
	it, err := c.ProductItem(accessToken, "")
	if err != nil {
		return nil, err
	}
	sel, err := it.SelectAccounts(ids)
	if err != nil {
		return nil, err
	}
	return &accountsResponse{accounts: sel, item: it.Raw}, nil
}

// accountsResponse is AccountsGetResponse written from cached JSON.
type accountsResponse struct {
	accounts []*product.Account
	item     []byte
}

func (r *accountsResponse) AppendJSON(b []byte, requestID string) []byte {
	b = append(b, `{"accounts":`...)
	b = product.AppendAccounts(b, r.accounts)
	b = append(b, `,"item":`...)
	b = append(b, r.item...)
	return product.AppendRequestID(b, requestID)
}
