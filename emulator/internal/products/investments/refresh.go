package investments

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// HandleInvestmentsRefresh serves POST /investments/refresh
// (https://plaid.com/docs/api/products/investments/#investmentsrefresh):
// a fresh pull of holdings and investment transactions, added to the Item
// on first use. Nothing changes in the Sandbox, yet HOLDINGS and
// INVESTMENTS_TRANSACTIONS DEFAULT_UPDATE follow (with nothing new), so
// that an app can test what it does on them.
func HandleInvestmentsRefresh(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "investments")
	if err != nil {
		return nil, err
	}
	triggers := module{}.FireTriggers()
	for _, typ := range []string{"HOLDINGS", "INVESTMENTS_TRANSACTIONS"} {
		c.Emit(product.WebhookFired{It: it, Type: typ, Code: "DEFAULT_UPDATE", Fields: triggers[typ+"/DEFAULT_UPDATE"].Fields(c.Now, it)})
	}
	return &wire.Response{}, nil
}
