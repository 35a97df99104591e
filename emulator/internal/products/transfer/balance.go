package transfer

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type balanceGetRequest struct {
	product.Credentials
	OriginatorClientID *string `json:"originator_client_id"`
	Type               *string `json:"type"`
}

type transferBalance struct {
	Available string `json:"available"`
	Current   string `json:"current"`
	Type      string `json:"type"`
}

type balanceGetResponse struct {
	Balance transferBalance `json:"balance"`
	wire.Response
}

// HandleBalanceGet serves POST /transfer/balance/get, deprecated by the
// Ledger (https://plaid.com/docs/api/products/transfer/ledger/) yet still
// called by older integrations: the prefunded balance is the Ledger's,
// available as available and available plus pending as current, of the
// type asked (prefunded_ach_credits by default).
func (a *API) HandleBalanceGet(c *product.Call, req *balanceGetRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	l, err := a.pickLedgerLocked(c, nil, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	return &balanceGetResponse{Balance: transferBalance{Available: product.Money(l.Available), Current: product.Money(l.Available + l.Pending),
		Type: product.Deref(req.Type, "prefunded_ach_credits")}}, nil
}
