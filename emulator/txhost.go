package emulator

// What Transactions takes from the emulator (transactions.Host): the
// store's ledgers and their mutations.

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

func (h host) Start(it product.Item, days int) { h.s.startTransactions(it, days, true) }

func (h host) Locked(itemID string, fn func(ts *ledger.State) bool) {
	st := h.s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	if fn(st.tx[itemID]) {
		st.changedTx(itemID)
	}
}

func (h host) Refresh(itemID string, now time.Time) product.Event {
	return h.s.store.refreshTransactions(itemID, now)
}

func (h host) AddRows(itemID string, acct int32, rows []ledger.CustomTxn, now time.Time) (product.Event, *wire.Error) {
	return h.s.store.addTransactions(itemID, acct, rows, now)
}

func (h host) ProcessorTransactions(c *product.Call, tok string, days int) (product.Item, int32, bool, *wire.Error) {
	had := false
	if _, it, ok := h.s.store.procTokenFor(c.ClientID, tok); ok {
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

func (h host) ProcessorSynced(tok string) {
	h.s.store.updateProcToken("", tok, false, func(pt *procToken) { pt.syncCalled = true }) // after ProcessorTransactions checked the caller
}
