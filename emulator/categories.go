package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type categoriesGetRequest struct {
	product.Credentials
}

type categoriesGetResponse struct {
	Categories []fixtures.Category `json:"categories"`
	wire.Response
}

// handleCategoriesGet serves POST /categories/get, which needs no credentials.
func handleCategoriesGet(c *product.Call, _ *categoriesGetRequest) (any, *wire.Error) {
	return &categoriesGetResponse{Categories: product.NonNil(c.Fixtures.Categories)}, nil
}
