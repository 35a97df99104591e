package identity

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// HandleIdentityRefresh serves POST /identity/refresh
// (https://plaid.com/docs/api/products/identity/#identityrefresh): a fresh
// pull of the owners, added to the Item on first use. Plaid sends IDENTITY
// DEFAULT_UPDATE only when the owners changed, which they never do in the
// Sandbox: no webhook follows.
func HandleIdentityRefresh(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	if _, err := c.ProductItem(req.AccessToken, "identity"); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}
