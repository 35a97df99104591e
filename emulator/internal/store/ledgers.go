package store

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// SetOnChange hears of every changed record, under the store's lock (for
// --state): its kind and id.
func (st *Store) SetOnChange(fn func(kind, id string)) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.onChange = fn
}

// Locked runs fn on the Item's ledger (nil: none yet) under the store's
// write lock; fn's true notes a change.
func (st *Store) Locked(itemID string, fn func(ts *ledger.State) bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if fn(st.tx[itemID]) {
		st.changedTx(itemID)
	}
}

// Unfinished are the ledgers whose pulls a stop cut short, with whether
// the initial pull is still to come.
func (st *Store) Unfinished() (ids []string, ledgers []*ledger.State, initial []bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for id, ts := range st.tx {
		if ts.Status != ledger.HistoricalComplete {
			ids, ledgers, initial = append(ids, id), append(ledgers, ts), append(initial, ts.Status == ledger.NotReady)
		}
	}
	return ids, ledgers, initial
}

// AssetRows are the Item's transactions: its own when Transactions has
// them (pulled, or staged for the pulls to come), else a history drawn for
// the report from a source seeded by the Item (the Item and the store's
// sequence are left as they are).
func (st *Store) AssetRows(it product.Item, days int, now time.Time) ([]ledger.Row, []string) {
	rows, names, src, ready := func() ([]ledger.Row, []string, ledger.Source, bool) {
		st.mu.RLock()
		defer st.mu.RUnlock()
		if ts := st.tx[it.ID]; ts != nil {
			return append(slices.Clone(ts.Rows), ts.Staged...), ts.Names, ledger.Source{}, true
		}
		return nil, nil, st.sources[it.ID], false
	}()
	if ready {
		return rows, names
	}
	h := fnv.New64a()
	h.Write([]byte(it.ID))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(st.seed)))
	tmp := ledger.NewState(len(it.Accounts), days, "")
	tmp.IDs.Rekey(rng.Uint64(), rng.Uint64())
	rows = st.Cat().BuildHistory(tmp, product.Subtypes(it.Accounts), src, days, now, rng)
	return rows, tmp.Names
}
