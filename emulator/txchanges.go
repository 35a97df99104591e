package emulator

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleTransactionsRefresh serves POST /transactions/refresh: an on-demand
// pull that posts due pending rows (and moves the dynamic user's history on).
func handleTransactionsRefresh(c *call, req *accessTokenRequest) (any, *wire.Error) {
	it, started, err := c.transactionsItem(req.AccessToken, 0)
	if err != nil || started {
		return &wire.Response{}, err
	}
	return c.refreshItem(it)
}

// refreshItem is a refresh of an Item whose transactions have started.
func (c *call) refreshItem(it item) (any, *wire.Error) {
	st := c.s.store
	now := c.now
	st.wlock()
	ts := st.tx[it.ID]
	if ts == nil || ts.status == txNotReady {
		st.mu.Unlock()
		return &wire.Response{}, nil
	}
	added, removed := st.refresh(ts, it.Accounts, now)
	ts.lastUpdate = now
	syncCalled := ts.syncCalled
	st.mu.Unlock()
	c.s.notifyChanges(it, added, removed, syncCalled)
	return &wire.Response{}, nil
}

type sandboxTransactionsCreateRequest struct {
	credentials
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

// handleSandboxTransactionsCreate serves POST /sandbox/transactions/create:
// up to 10 rows on the Item's depository account.
func handleSandboxTransactionsCreate(c *call, req *sandboxTransactionsCreateRequest) (any, *wire.Error) {
	it, started, err := c.transactionsItem(req.AccessToken, 0)
	if err != nil {
		return nil, err
	}
	if it.Username != dynamicUser {
		return nil, wire.New(wire.CodeInvalidField).WithMessage(
			"/sandbox/transactions/create can only be used with Items created with %s", dynamicUser)
	}
	acct := int32(slices.IndexFunc(it.Accounts, func(a account) bool { return a.Type == "depository" }))
	if acct < 0 {
		return nil, wire.New(wire.CodeNoAccounts)
	}
	st := c.s.store
	st.wlock()
	ts := st.tx[it.ID]
	if ts == nil || started || ts.status == txNotReady {
		st.mu.Unlock()
		return nil, wire.New(wire.CodeProductNotReady)
	}
	var added []txChange
	for _, t := range req.Transactions {
		ct := customTxn{transacted: t.DateTransacted, posted: t.DatePosted, amount: t.Amount, description: t.Description}
		if t.ISOCurrencyCode != nil {
			ct.currency = *t.ISOCurrencyCode
		}
		row := customRow(ts, acct, ct, day(c.now))
		row.id = st.newTxID()
		ts.add(row)
		added = append(added, txChange{row.id.String(), row.account})
	}
	ts.lastUpdate = c.now
	syncCalled := ts.syncCalled
	st.mu.Unlock()
	c.s.notifyChanges(it, added, nil, syncCalled)
	return &wire.Response{}, nil
}
