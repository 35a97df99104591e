package emulator

// productItem is the common start of every product endpoint: find the
// client's Item, fail with its error state if it has one, and add product
// to it on first use (empty product: no product needed).
func (c *call) productItem(accessToken, product string) (item, *Error) {
	st := c.s.store
	it, err := st.itemFor(c.clientID, accessToken)
	if err != nil {
		return item{}, err
	}
	if it.Err != nil {
		return item{}, it.Err
	}
	if product == "" || it.hasProduct(product) {
		return it, nil
	}
	return st.updateItem(c.clientID, accessToken, func(it *item) *Error { return st.ensureProduct(it, product) })
}

type accountsGetRequest struct {
	credentials
	AccessToken string `json:"access_token" plaid:"required"`
	Options     *struct {
		AccountIDs []string `json:"account_ids"`
	} `json:"options"`
}

type accountsBalanceGetRequest struct {
	credentials
	AccessToken string `json:"access_token" plaid:"required"`
	Options     *struct {
		AccountIDs             []string `json:"account_ids"`
		MinLastUpdatedDatetime *string  `json:"min_last_updated_datetime" plaid:"format=date-time"`
	} `json:"options"`
}

type accountsGetResponse struct {
	Accounts []accountJSON `json:"accounts"`
	Item     itemJSON      `json:"item"`
	response
}

// handleAccountsGet serves POST /accounts/get (cached balances).
func handleAccountsGet(c *call, req *accountsGetRequest) (any, *Error) {
	var ids []string
	if req.Options != nil {
		ids = req.Options.AccountIDs
	}
	return c.accounts(req.AccessToken, ids)
}

// handleAccountsBalanceGet serves POST /accounts/balance/get (real-time
// balances; in the emulator the stored ones are always current).
func handleAccountsBalanceGet(c *call, req *accountsBalanceGetRequest) (any, *Error) {
	var ids []string
	if req.Options != nil {
		ids = req.Options.AccountIDs
	}
	return c.accounts(req.AccessToken, ids)
}

func (c *call) accounts(accessToken string, ids []string) (any, *Error) {
	it, err := c.productItem(accessToken, "")
	if err != nil {
		return nil, err
	}
	sel, err := it.selectAccounts(ids)
	if err != nil {
		return nil, err
	}
	out := make([]accountJSON, len(sel))
	for i, a := range sel {
		out[i] = a.json()
	}
	return &accountsGetResponse{Accounts: out, Item: it.json()}, nil
}
