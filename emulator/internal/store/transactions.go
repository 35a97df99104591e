package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The store's transaction mutations: each changes an Item's ledger under
// the write lock and returns the event that says what changed, with what
// its webhooks need (the Item, processor tokens, recurring streams).

// refreshTransactions posts due pending rows (and moves a dynamic history
// on); nil when the Item's transactions are not ready.
func (st *Store) RefreshTransactions(itemID string, now time.Time) product.Event {
	st.mu.Lock()
	defer st.mu.Unlock()
	it, ts := st.items[itemID], st.tx[itemID]
	if it == nil || ts == nil || ts.Status == ledger.NotReady {
		return nil
	}
	st.changedTx(itemID)
	added, removed := st.Cat().Refresh(ts, product.Subtypes(it.Accounts), now, st.rng)
	ts.LastUpdate = now
	return st.changedLocked(it, ts, added, removed, now)
}

// pullTransactions runs the initial or historical pull of ts, the
// Item's transactions; nil when ts is no longer the Item's (removed, or
// reset since).
func (st *Store) PullTransactions(itemID string, ts *ledger.State, historical bool, now time.Time) product.Event {
	st.mu.Lock()
	defer st.mu.Unlock()
	it := st.items[itemID]
	if st.tx[itemID] != ts || it == nil {
		return nil
	}
	st.changedTx(itemID)
	n := ts.Pull(now, historical)
	ev := transactions.Pulled{It: *it, Historical: historical, N: n, SyncCalled: ts.SyncCalled}
	if historical {
		ev.Recurring = st.recurringLocked(it, ts, now)
	}
	return ev
}

// postDueTransactions posts the Item's pending rows whose day has come
// (after the clock moves); nil when nothing posted.
func (st *Store) PostDueTransactions(itemID string, now time.Time) product.Event {
	st.mu.Lock()
	defer st.mu.Unlock()
	it, ts := st.items[itemID], st.tx[itemID]
	if it == nil || ts == nil || ts.Status == ledger.NotReady {
		return nil
	}
	added, removed := st.Cat().PostDue(ts, now, false)
	if len(added) > 0 {
		ts.LastUpdate = now
	}
	if len(added)+len(removed) == 0 {
		return nil
	}
	st.changedTx(itemID)
	return st.changedLocked(it, ts, added, removed, now)
}

// addTransactions adds user-made rows to account acct of a started Item.
func (st *Store) AddTransactions(itemID string, acct int32, rows []ledger.CustomTxn, now time.Time) (product.Event, *wire.Error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	it, ts := st.items[itemID], st.tx[itemID]
	if it == nil || ts == nil || ts.Status == ledger.NotReady {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	st.changedTx(itemID)
	var added []ledger.Change
	for _, ct := range rows {
		row := ledger.CustomRow(ts, acct, ct, ledger.Day(now))
		row.ID, row.N = ts.IDs.New()
		ts.Add(row)
		added = append(added, ledger.Change{ID: row.ID.String(), Account: row.Account})
	}
	ts.LastUpdate = now
	return st.changedLocked(it, ts, added, nil, now), nil
}

// changedLocked is the event for rows added and removed. Callers hold st.mu.
func (st *Store) changedLocked(it *product.Item, ts *ledger.State, added, removed []ledger.Change, now time.Time) transactions.Changed {
	ev := transactions.Changed{It: *it, Added: added, Removed: removed, SyncCalled: ts.SyncCalled, Hooks: st.procHooksLocked(it.ID)}
	if len(added)+len(removed) > 0 {
		ev.Recurring = st.recurringLocked(it, ts, now)
	}
	return ev
}

// recurringLocked recomputes an Item's streams, for an Item with the
// recurring_transactions product whose history is in: the accounts with
// streams when they differ from those last announced, else nil. Callers
// hold st.mu for writing.
func (st *Store) recurringLocked(it *product.Item, ts *ledger.State, now time.Time) []string {
	if !it.HasProduct("recurring_transactions") || ts.Status != ledger.HistoricalComplete {
		return nil
	}
	in, out := st.Cat().Streams(it.ID, product.AccountIDs(it.Accounts), ts, nil, ledger.Day(now), "")
	var sig strings.Builder
	accts := []string{}
	for _, str := range append(in, out...) {
		fmt.Fprintf(&sig, "%s:%d:%s:%s:%t;", str.StreamID, len(str.TransactionIDs), str.LastDate, str.Status, str.IsActive)
		if !slices.Contains(accts, str.AccountID) {
			accts = append(accts, str.AccountID)
		}
	}
	if sig.String() == ts.RecurringSig {
		return nil
	}
	ts.RecurringSig = sig.String()
	return accts
}
