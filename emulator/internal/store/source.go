package store

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

func (s *Store) SetSource(itemID string, src ledger.Source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources[itemID] = src
	s.changed(KindSource, itemID)
}

// stageTransactions builds the Item's history, staged for its pulls (nil
// when the Item has Transactions already).
func (st *Store) StageTransactions(it product.Item, days int, now time.Time) *ledger.State {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.tx[it.ID] != nil {
		return nil
	}
	st.changedTx(it.ID)
	src := st.sources[it.ID]
	delete(st.sources, it.ID) // needed only to build the history
	kind := ledger.HistoryNone
	if src.History != nil {
		kind = src.History.Kind
	}
	ts := ledger.NewState(len(it.Accounts), days, kind)
	ts.IDs.Rekey(st.ids.Uint64(), st.ids.Uint64())
	ts.Staged = st.Cat().BuildHistory(ts, product.Subtypes(it.Accounts), src, days, now, st.rng)
	st.tx[it.ID] = ts
	return ts
}

// txStatus is item.status.transactions for /item/get.
func (s *Store) TxLastUpdate(itemID string) (time.Time, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ts := s.tx[itemID]
	if ts == nil || ts.LastUpdate.IsZero() {
		return time.Time{}, false
	}
	return ts.LastUpdate, true
}
