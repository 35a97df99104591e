package categories_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestCategoriesThroughPlaidGo: plaid-go reads Plaid's whole category list
// (an empty JSON body, as it sends), in Plaid's order.
func TestCategoriesThroughPlaidGo(t *testing.T) {
	e := plaidtest.New(t)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	cats, _, err := c.CategoriesGet(ctx).Body(map[string]interface{}{}).Execute()
	plaidtest.Must(t, "categories/get", err)
	if cs := cats.GetCategories(); len(cs) != 602 || cs[601].GetCategoryId() != "22018000" ||
		strings.Join(cs[601].GetHierarchy(), "/") != "Travel/Transportation Centers" || cs[601].GetGroup() != "place" {
		t.Fatalf("categories = %d, last %+v", len(cs), cs[len(cs)-1])
	}
}
