package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// storeDoor is the store as product handlers reach it (Items).
type storeDoor struct{ s *Server }

// ProductItem: see Items.
func (d storeDoor) ProductItem(c *product.Call, accessToken, prod string) (product.Item, *wire.Error) {
	st := d.s.store
	it, err := st.ItemFor(c.ClientID, accessToken)
	if err != nil {
		return product.Item{}, err
	}
	it = d.s.aged(it)
	c.ItemID = it.ID
	if it.Err != nil {
		return product.Item{}, it.Err
	}
	if prod == "" || it.HasProduct(prod) {
		return it, nil
	}
	return st.UpdateItem(c.ClientID, accessToken, func(it *product.Item) *wire.Error { return st.EnsureProduct(it, prod) })
}

// UpdateItem: see Items.
func (d storeDoor) UpdateItem(clientID, accessToken string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error) {
	return d.s.store.UpdateItem(clientID, accessToken, fn)
}

// Item: see Items.
func (d storeDoor) Item(clientID, accessToken string) (product.Item, *wire.Error) {
	return d.s.store.ItemFor(clientID, accessToken)
}

// ProcessorAccount: see Items.
func (d storeDoor) ProcessorAccount(c *product.Call, tok, prod string) (product.Item, int32, *wire.Error) {
	_, it, i, err := processorAccountOf(d.s, c.ClientID, tok, prod)
	if it.ID != "" {
		c.ItemID = it.ID // for the journal
	}
	return it, i, err
}
