package emulator

import (
	"net/http"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/persist"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// productDoor is the emulator as the product packages and the Program API
// reach it: one value satisfies each one's Door interface
// (transactions.Door, assets.Door, link.Door, program.Door, …). What only
// one of them needs lives beside its product (txdoor.go, programdoor.go).
type productDoor struct{ s *Server }

// NewUUID draws an id from the seeded id source.
func (h productDoor) NewUUID() string { return h.s.store.UUID() }

// ItemByID is a copy of an Item whoever owns it.
func (h productDoor) ItemByID(id string) (product.Item, bool) { return h.s.store.ItemByID(id) }

// Catalog renders rows.
func (h productDoor) Catalog() *ledger.Catalog { return h.s.store.Cat() }

// Now is the emulator clock.
func (h productDoor) Now() time.Time { return h.s.clock.Now() }

// Fixtures is the world served.
func (h productDoor) Fixtures() *fixtures.Set { return h.s.store.Fixtures() }

// Changed notes a change of the Program API's state (for --state).
func (h productDoor) Changed() { h.s.mark(persist.KindProgram, "") }

// ReportChanged notes a made or removed asset report (for --state).
func (h productDoor) ReportChanged(token string) { h.s.mark(persist.KindAsset, token) }

// StateChanged notes a change of a module's state, kept as one record of
// its name (for --state).
func (h productDoor) StateChanged(module string) { h.s.mark(module, "") }

// TokenChanged notes a made, changed or removed link token (for --state).
func (h productDoor) TokenChanged(token string) { h.s.mark(persist.KindLink, token) }

// Rows are an Item's transactions for an asset report.
func (h productDoor) Rows(it product.Item, days int, now time.Time) ([]ledger.Row, []string) {
	return h.s.store.AssetRows(it, days, now)
}

// IncomeRows is Income's and Consumer Report's: the Item's transactions,
// started if need be.
func (h productDoor) IncomeRows(it product.Item, days int, now time.Time) ([]ledger.Row, []string) {
	h.s.startTransactions(it, days, true)
	return h.s.store.AssetRows(it, days, now)
}

// JWK is webhookkeys' door: a signing key's public half.
func (h productDoor) JWK(kid string) (any, bool) { return h.s.keys.JWK(kid) }

// The items module's door.

func (h productDoor) Exchange(clientID, publicToken string, now time.Time) (product.Item, *wire.Error) {
	return h.s.store.Exchange(clientID, publicToken, now)
}

func (h productDoor) AgedItem(clientID, accessToken string) (product.Item, *wire.Error) {
	it, err := h.s.store.ItemFor(clientID, accessToken)
	if err != nil {
		return it, err
	}
	return h.s.aged(it), nil
}

func (h productDoor) TransactionsUpdated(itemID string) (time.Time, bool) {
	return h.s.store.TxLastUpdate(itemID)
}

func (h productDoor) LastWebhook(itemID string) (time.Time, string, bool) {
	last, ok := h.s.hooks.LastSent(itemID)
	return last.At, last.Code, ok
}

func (h productDoor) ItemIDFor(accessToken string) string { return h.s.store.ItemIDFor(accessToken) }

func (h productDoor) RemoveItem(clientID, accessToken string) *wire.Error {
	return h.s.store.RemoveItem(clientID, accessToken)
}

func (h productDoor) RotateAccessToken(clientID, accessToken string) (string, *wire.Error) {
	return h.s.store.RotateAccessToken(clientID, accessToken)
}

// The processortokens module's door.

func (h productDoor) IssueToken(clientID, itemID, accountID, processor string) string {
	return h.s.store.AddProcToken(clientID, itemID, accountID, processor)
}

// CreateItem is the door of items, link and processortokens to Item creation.
func (h productDoor) CreateItem(clientID string, now time.Time, n logins.NewItem) (product.Item, *wire.Error) {
	return h.s.createItem(clientID, now, n)
}

// RemoveItemByID removes an Item and its tokens, whoever owns it.
func (h productDoor) RemoveItemByID(id string) *wire.Error { return h.s.store.RemoveItemByID(id) }

// AllItems are copies of every Item.
func (h productDoor) AllItems() []product.Item { return h.s.store.AllItems() }

// UpdateItemByID changes an Item by id under the store's lock.
func (h productDoor) UpdateItemByID(id string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error) {
	return h.s.store.UpdateItemByIDErr(id, fn)
}

// Seed is the run's data seed.
func (h productDoor) Seed() int64 { return h.s.opts.Seed }

func (h productDoor) IssuePublicToken(clientID, itemID string, now time.Time) (string, time.Time) {
	return h.s.store.AddPublicToken(clientID, itemID, now), now.Add(store.PublicTokenTTL)
}

func (h productDoor) TokenPermissions(clientID, token string) ([]string, bool) {
	pt, _, ok := h.s.store.ProcTokenFor(clientID, token)
	if !ok || pt.ClientID != clientID { // the app's to read
		return nil, false
	}
	return pt.Products, true
}

func (h productDoor) SetTokenPermissions(clientID, token string, products []string) bool {
	return h.s.store.UpdateProcToken(clientID, token, true, func(pt *store.ProcToken) { pt.Products = products }) // the app's to set
}

func (h productDoor) SetTokenWebhook(clientID, token string, webhook *string) (product.Item, string, bool) {
	var accountID, itemID string
	if !h.s.store.UpdateProcToken(clientID, token, false, func(pt *store.ProcToken) {
		pt.Webhook, accountID, itemID = webhook, pt.AccountID, pt.ItemID
	}) {
		return product.Item{}, "", false
	}
	it, _ := h.s.store.ItemByID(itemID)
	return it, accountID, true
}

// FireTrigger is the items module's door to every module's fire triggers.
func (h productDoor) FireTrigger(key string) (product.FireTrigger, bool) {
	t, ok := h.s.fired[key]
	return t, ok
}

// The legacy /exchange_token's side of processortokens' door.

func (h productDoor) Authenticate(r *http.Request, fields map[string]any) (string, *wire.Error) {
	c := h.s.newCall(r)
	err := c.authenticate(fields)
	return c.ClientID, err
}

func (h productDoor) PublicItem(clientID, publicToken string, now time.Time) (product.Item, *wire.Error) {
	return h.s.store.PublicItem(clientID, publicToken, now)
}

func (h productDoor) LegacyPartner(clientID string) string { return h.s.store.LegacyPartner(clientID) }

func (h productDoor) CheckItem(clientID, accessToken string) *wire.Error {
	c := product.Call{ClientID: clientID, Now: h.s.clock.Now(), Items: storeDoor{h.s}}
	_, err := c.ProductItem(accessToken, "")
	return err
}

// Frozen and Later are Consumer Report's: the clock, and work that comes
// due on it later (persist.State.Later: not before New returns; and not once
// a stop has begun, when webhooks no longer go).
func (h productDoor) Frozen() bool { return h.s.clock.Frozen() }
func (h productDoor) Later(d time.Duration, fn func() []product.Event) {
	h.s.state.Later(d, func() {
		select {
		case <-h.s.sched.done:
		default:
			h.s.publish(fn()...)
		}
	})
}
