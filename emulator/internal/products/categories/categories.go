// Package categories serves /categories/get: Plaid's legacy category
// taxonomy, from the fixtures (fixtures/defaults/categories.json). It needs
// no client credentials.
// https://plaid.com/docs/api/products/transactions/#categoriesget
package categories

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

// Module is the category taxonomy as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "categories" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{product.Public("/categories/get", handleCategoriesGet)}
}

// handleCategoriesGet serves POST /categories/get, which needs no credentials.
func handleCategoriesGet(c *product.Call, _ *categoriesGetRequest) (any, *wire.Error) {
	return &categoriesGetResponse{Categories: product.NonNil(c.Fixtures.Categories)}, nil
}
