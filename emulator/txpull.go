package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// The transactions pull: when an Item gets Transactions, its history is
// staged, then made visible in two updates, as Plaid's initial (30 days)
// and historical (everything requested) pulls, each with its webhooks.

// defaultDaysRequested is Plaid's default history length.
const defaultDaysRequested = 90

func (s *store) setSource(itemID string, src ledger.Source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources[itemID] = src
	s.changed(kindSource, itemID)
}

// startTransactions stages an Item's history and schedules its pulls: at
// once when TransactionsReadyAfter is 0 and the Item is being created, else
// after that delay (and after the current request when a product call
// turned Transactions on, so that call sees NOT_READY).
func (s *Server) startTransactions(it product.Item, days int, onUse bool) {
	if days <= 0 {
		days = defaultDaysRequested
	}
	st := s.store
	now := s.clock.Now()
	ts := st.stageTransactions(it, days, now)
	if ts == nil {
		return
	}

	delay := s.opts.TransactionsReadyAfter
	if delay == 0 && !onUse {
		s.pull(it.ID, ts, false)
		s.pull(it.ID, ts, true)
		return
	}
	delay = max(delay, time.Millisecond)
	time.AfterFunc(delay, func() {
		s.pull(it.ID, ts, false)
		time.AfterFunc(delay, func() { s.pull(it.ID, ts, true) })
	})
}

// stageTransactions builds the Item's history, staged for its pulls (nil
// when the Item has Transactions already).
func (st *store) stageTransactions(it product.Item, days int, now time.Time) *ledger.State {
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
	ts.Staged = st.cat().BuildHistory(ts, product.Subtypes(it.Accounts), src, days, now, st.rng)
	st.tx[it.ID] = ts
	return ts
}

// pull makes staged rows visible (the initial or the historical pull) and
// publishes what Plaid sends then.
func (s *Server) pull(itemID string, ts *ledger.State, historical bool) {
	s.publish(s.store.pullTransactions(itemID, ts, historical, s.clock.Now()))
}

// txStatus is item.status.transactions for /item/get.
func (s *store) txLastUpdate(itemID string) (time.Time, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ts := s.tx[itemID]
	if ts == nil || ts.LastUpdate.IsZero() {
		return time.Time{}, false
	}
	return ts.LastUpdate, true
}
