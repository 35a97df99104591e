package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Link's door to Transfer: the Transfer UI intent a link token pays, and
// the user's confirmation of it, and payment profiles (link.IntentDoor);
// and to Plaid users, whom Items made in Link attach to.

func (h productDoor) TransferIntent(clientID, id string) (link.Intent, *wire.Error) {
	in, err := h.s.transfer.Intent(clientID, id)
	return in.View(), err
}

func (h productDoor) AuthorizeIntent(c *product.Call, id string, it product.Item, accountID string) (link.Intent, *wire.Error) {
	in, err := h.s.transfer.Authorize(c, id, it, accountID)
	return in.View(), err
}

func (h productDoor) PaymentProfile(clientID, token string) (string, string, *wire.Error) {
	pr, err := h.s.transfer.Profile(clientID, token)
	return pr.Status, pr.ItemID, err
}

func (h productDoor) LinkPaymentProfile(clientID, token, itemID, accountID string, now time.Time) *wire.Error {
	return h.s.transfer.LinkProfile(clientID, token, itemID, accountID, now)
}

// ResolveUser and AttachUserItem are Link's door to Plaid users.
func (h productDoor) ResolveUser(clientID string, userID, userToken *string) (string, *wire.Error) {
	return h.s.users.Resolve(clientID, userID, userToken)
}

func (h productDoor) AttachUserItem(c *product.Call, l product.UserLink) (map[string]any, *wire.Error) {
	h.s.users.AttachItem(l.UserID, l.ItemID)
	return product.LinkUser(c, l, h.s.modules)
}

// Verifier is Identity Verification, for Link's IDV panes (nil: none served).
func (h productDoor) Verifier() product.Verifier { return product.Find[product.Verifier](h.s.modules) }
