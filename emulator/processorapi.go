package emulator

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The partner side: a processor token sees exactly one account of one Item,
// and inherits the Item's state.

// processorAccountOf starts every partner call: the token's Item (failing
// with its error state), the account index, and product checks: the
// token's permissions, then the Item (adding the product on first use).
func processorAccountOf(s *Server, clientID, tok, prod string) (store.ProcToken, product.Item, int32, *wire.Error) {
	pt, it, ok := s.store.ProcTokenFor(clientID, tok)
	if !ok {
		return store.ProcToken{}, product.Item{}, 0, wire.New(wire.CodeInvalidProcessorToken)
	}
	it = s.aged(it)
	if it.Err != nil {
		return store.ProcToken{}, product.Item{}, 0, it.Err
	}
	if prod != "" && pt.Products != nil && !slices.Contains(pt.Products, prod) {
		return store.ProcToken{}, product.Item{}, 0, wire.New(wire.CodeProductNotEnabled).WithMessage(
			"the processor token is not permitted to access the %s product; see /processor/token/permissions/set", prod)
	}
	if prod != "" && prod != "balance" && !it.HasProduct(prod) {
		st := s.store
		var err *wire.Error
		if it, err = st.UpdateItemByIDErr(it.ID, func(x *product.Item) *wire.Error { return st.EnsureProduct(x, prod) }); err != nil {
			return store.ProcToken{}, product.Item{}, 0, err
		}
	}
	i := product.AccountIndex(it, pt.AccountID)
	if i < 0 {
		return store.ProcToken{}, product.Item{}, 0, wire.New(wire.CodeInvalidProcessorToken)
	}
	return pt, it, i, nil
}
