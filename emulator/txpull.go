package emulator

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
)

// The transactions pull: when an Item gets Transactions, its history is
// staged, then made visible in two updates, as Plaid's initial (30 days)
// and historical (everything requested) pulls, each with its webhooks.

// defaultDaysRequested is Plaid's default history length.
const defaultDaysRequested = 90

func (s *store) setSource(itemID string, src ledger.Source) {
	s.wlock()
	defer s.mu.Unlock()
	s.sources[itemID] = src
}

// startTransactions stages an Item's history and schedules its pulls: at
// once when TransactionsReadyAfter is 0 and the Item is being created, else
// after that delay (and after the current request when a product call
// turned Transactions on, so that call sees NOT_READY).
func (s *Server) startTransactions(it item, days int, onUse bool) {
	if days <= 0 {
		days = defaultDaysRequested
	}
	st := s.store
	now := s.clock.Now()
	st.wlock()
	if st.tx[it.ID] != nil {
		st.mu.Unlock()
		return
	}
	src := st.sources[it.ID]
	delete(st.sources, it.ID) // needed only to build the history
	kind := ledger.HistoryNone
	if src.History != nil {
		kind = src.History.Kind
	}
	ts := ledger.NewState(len(it.Accounts), days, kind)
	ts.Staged = st.BuildHistory(ts, subtypes(it.Accounts), src, days, now, st.rng)
	st.tx[it.ID] = ts
	st.mu.Unlock()

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

// pull makes staged rows visible: the last 30 days (initial) or the rest
// (historical), and sends the webhooks Plaid sends then.
func (s *Server) pull(itemID string, ts *ledger.State, historical bool) {
	st := s.store
	now := s.clock.Now()
	st.wlock()
	if st.tx[itemID] != ts { // removed, or reset since
		st.mu.Unlock()
		return
	}
	cut := ledger.Day(now) - ledger.InitialWindowDays
	// Size the lists once: an Item's history is its bulk of memory.
	grow := len(ts.Staged)
	ts.Rows = slices.Grow(ts.Rows, grow)
	ts.Log = slices.Grow(ts.Log, grow)
	var keep []ledger.Row
	n := 0
	for _, t := range ts.Staged {
		if historical || t.Date >= cut {
			ts.Add(t)
			n++
		} else {
			keep = append(keep, t)
		}
	}
	ts.Staged = keep
	if historical {
		ts.Trim()
	}
	code, status := "INITIAL_UPDATE", ledger.InitialComplete
	if historical {
		code, status, n = "HISTORICAL_UPDATE", ledger.HistoricalComplete, len(ts.Rows)
	}
	ts.Status, ts.LastUpdate = status, now
	syncCalled := ts.SyncCalled
	it := st.items[itemID]
	var snap item
	if it != nil {
		snap = *it
	}
	st.mu.Unlock()
	if it == nil {
		return
	}
	s.fire(snap, "TRANSACTIONS", code, map[string]any{"new_transactions": n, "error": nil})
	if syncCalled {
		s.fire(snap, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", map[string]any{
			"initial_update_complete": true, "historical_update_complete": historical})
	}
	if historical {
		s.notifyRecurring(snap)
	}
}

// notifyChanges sends what Plaid sends after new data: DEFAULT_UPDATE,
// TRANSACTIONS_REMOVED, (once sync has been used) SYNC_UPDATES_AVAILABLE and
// (when streams changed) RECURRING_TRANSACTIONS_UPDATE;
// and to each processor token with a webhook, the account_id variants for
// its account.
func (s *Server) notifyChanges(it item, added, removed []ledger.Change, syncCalled bool) {
	s.sendChanges(it, "", added, removed, syncCalled)
	if len(added)+len(removed) > 0 {
		s.notifyRecurring(it)
	}
	for _, pt := range s.store.procHooks(it.ID) {
		acct := accountIndex(it, pt.accountID)
		var a, r []ledger.Change
		for _, c := range added {
			if c.Account == acct {
				a = append(a, c)
			}
		}
		for _, c := range removed {
			if c.Account == acct {
				r = append(r, c)
			}
		}
		pt := pt
		s.sendChanges(it, pt.accountID, a, r, pt.syncCalled, *pt.webhook)
	}
}

// sendChanges sends the change webhooks about an Item (accountID "") or,
// to url, about one processor token's account.
func (s *Server) sendChanges(it item, accountID string, added, removed []ledger.Change, syncCalled bool, url ...string) {
	send := func(code string, fields map[string]any) {
		if accountID == "" {
			s.fire(it, "TRANSACTIONS", code, fields)
			return
		}
		fields["account_id"] = accountID
		s.fireProcessor(it, url[0], "TRANSACTIONS", code, fields)
	}
	if len(added) > 0 {
		send("DEFAULT_UPDATE", map[string]any{"new_transactions": len(added), "error": nil})
	}
	if len(removed) > 0 {
		ids := make([]string, len(removed))
		for i, c := range removed {
			ids[i] = c.ID
		}
		send("TRANSACTIONS_REMOVED", map[string]any{"removed_transactions": ids, "error": nil})
	}
	if syncCalled && len(added)+len(removed) > 0 {
		send("SYNC_UPDATES_AVAILABLE", map[string]any{"initial_update_complete": true, "historical_update_complete": true})
	}
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
