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
	ts := st.StageTransactions(it, days, now)
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

// pull makes staged rows visible (the initial or the historical pull) and
// publishes what Plaid sends then.
func (s *Server) pull(itemID string, ts *ledger.State, historical bool) {
	s.publish(s.store.PullTransactions(itemID, ts, historical, s.clock.Now()))
}
