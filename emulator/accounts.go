package emulator

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"

// storeDoor is the store as product handlers reach it (Items).
type storeDoor struct{ s *Server }

// ProductItem: see Items.
func (d storeDoor) ProductItem(c *Call, accessToken, product string) (item, *wire.Error) {
	st := d.s.store
	it, err := st.itemFor(c.ClientID, accessToken)
	if err != nil {
		return item{}, err
	}
	it = d.s.aged(it)
	c.ItemID = it.ID
	if it.Err != nil {
		return item{}, it.Err
	}
	if product == "" || it.hasProduct(product) {
		return it, nil
	}
	return st.updateItem(c.ClientID, accessToken, func(it *item) *wire.Error { return st.ensureProduct(it, product) })
}

// UpdateItem: see Items.
func (d storeDoor) UpdateItem(clientID, accessToken string, fn func(*item) *wire.Error) (item, *wire.Error) {
	return d.s.store.updateItem(clientID, accessToken, fn)
}

type accountsGetRequest struct {
	credentials
	AccessToken string          `json:"access_token" plaid:"required"`
	Options     *accountOptions `json:"options"`
}

// accountOptions are the options of the requests that only select accounts.
type accountOptions struct {
	AccountIDs []string `json:"account_ids"`
}

// ids are the accounts asked for (nil: all).
func (o *accountOptions) ids() []string {
	if o == nil {
		return nil
	}
	return o.AccountIDs
}

type accountsBalanceGetRequest struct {
	credentials
	AccessToken string `json:"access_token" plaid:"required"`
	Options     *struct {
		AccountIDs             []string `json:"account_ids"`
		MinLastUpdatedDatetime *string  `json:"min_last_updated_datetime" plaid:"format=date-time"`
	} `json:"options"`
}

// handleAccountsGet serves POST /accounts/get (cached balances).
func handleAccountsGet(c *call, req *accountsGetRequest) (any, *wire.Error) {
	return c.accounts(req.AccessToken, req.Options.ids())
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
	sel, err := it.selectAccounts(ids)
	if err != nil {
		return nil, err
	}
	return &accountsResponse{accounts: sel, item: it.raw}, nil
}

// accountsResponse is AccountsGetResponse written from cached JSON.
type accountsResponse struct {
	accounts []*account
	item     []byte
}

func (r *accountsResponse) appendJSON(b []byte, requestID string) []byte {
	b = append(b, `{"accounts":`...)
	b = appendAccounts(b, r.accounts)
	b = append(b, `,"item":`...)
	b = append(b, r.item...)
	return appendRequestID(b, requestID)
}

func appendAccounts(b []byte, accts []*account) []byte {
	b = append(b, '[')
	for i, a := range accts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, a.raw...)
	}
	return append(b, ']')
}

// appendRequestID closes a response object with its request_id (our ids
// are alphanumeric, so they need no escaping).
func appendRequestID(b []byte, id string) []byte {
	b = append(b, `,"request_id":"`...)
	b = append(b, id...)
	return append(b, `"}`...)
}
