package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// storeDoor is the store as product handlers reach it (Items).
type storeDoor struct{ s *Server }

// ProductItem: see Items.
func (d storeDoor) ProductItem(c *product.Call, accessToken, prod string) (product.Item, *wire.Error) {
	st := d.s.store
	it, err := st.itemFor(c.ClientID, accessToken)
	if err != nil {
		return product.Item{}, err
	}
	it = d.s.aged(it)
	c.ItemID = it.ID
	if it.Err != nil {
		return product.Item{}, it.Err
	}
	if prod == "" || it.HasProduct(prod) {
		return it, nil
	}
	return st.updateItem(c.ClientID, accessToken, func(it *product.Item) *wire.Error { return st.ensureProduct(it, prod) })
}

// UpdateItem: see Items.
func (d storeDoor) UpdateItem(clientID, accessToken string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error) {
	return d.s.store.updateItem(clientID, accessToken, fn)
}

type accountsBalanceGetRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	Options     *struct {
		AccountIDs             []string `json:"account_ids"`
		MinLastUpdatedDatetime *string  `json:"min_last_updated_datetime" plaid:"format=date-time"`
	} `json:"options"`
}

// handleAccountsGet serves POST /accounts/get (cached balances).
func handleAccountsGet(c *call, req *product.AccountsGetRequest) (any, *wire.Error) {
	return c.accounts(req.AccessToken, req.Options.IDs())
}

// handleAccountsBalanceGet serves POST /accounts/balance/get (real-time
// balances; in the emulator the stored ones are always current).
func handleAccountsBalanceGet(c *call, req *accountsBalanceGetRequest) (any, *wire.Error) {
	var ids []string
	if req.Options != nil {
		ids = req.Options.AccountIDs
	}
	return c.accounts(req.AccessToken, ids)
}

func (c *call) accounts(accessToken string, ids []string) (any, *wire.Error) {
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
