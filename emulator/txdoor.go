package emulator

// What Transactions takes from the emulator (transactions.Door): the
// store's ledgers and their mutations.

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

func (h productDoor) Start(it product.Item, days int) { h.s.startTransactions(it, days, true) }

func (h productDoor) Locked(itemID string, fn func(ts *ledger.State) bool) {
	h.s.store.Locked(itemID, fn)
}

func (h productDoor) Refresh(itemID string, now time.Time) product.Event {
	return h.s.store.RefreshTransactions(itemID, now)
}

func (h productDoor) AddRows(itemID string, acct int32, rows []ledger.CustomTxn, now time.Time) (product.Event, *wire.Error) {
	return h.s.store.AddTransactions(itemID, acct, rows, now)
}

func (h productDoor) ProcessorTransactions(c *product.Call, tok string, days int) (product.Item, int32, bool, *wire.Error) {
	had := false
	if _, it, ok := h.s.store.ProcTokenFor(c.ClientID, tok); ok {
		had = it.HasProduct("transactions")
	}
	_, it, i, err := processorAccountOf(h.s, c.ClientID, tok, "transactions")
	if err != nil {
		return product.Item{}, 0, false, err
	}
	if !had {
		h.s.startTransactions(it, days, true)
	}
	return it, i, !had, nil
}

func (h productDoor) ProcessorSynced(tok string) {
	h.s.store.UpdateProcToken("", tok, false, func(pt *store.ProcToken) { pt.SyncCalled = true }) // after ProcessorTransactions checked the caller
}
