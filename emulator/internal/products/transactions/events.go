package transactions

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Transactions' events and their webhooks: the store's postings and pulls report them.

// Pulled: the initial or historical pull made rows visible.
// recurring lists the accounts with streams when the streams changed.
type Pulled struct {
	It         product.Item
	Historical bool
	N          int
	SyncCalled bool
	Recurring  []string
}

func (e Pulled) Webhooks(time.Time) []product.Outgoing {
	code := "INITIAL_UPDATE"
	if e.Historical {
		code = "HISTORICAL_UPDATE"
	}
	out := []product.Outgoing{{It: e.It, Type: "TRANSACTIONS", Code: code, Fields: map[string]any{"new_transactions": e.N, "error": nil}}}
	if e.SyncCalled {
		out = append(out, product.Outgoing{It: e.It, Type: "TRANSACTIONS", Code: "SYNC_UPDATES_AVAILABLE", Fields: map[string]any{
			"initial_update_complete": true, "historical_update_complete": e.Historical}})
	}
	return append(out, recurringUpdate(e.It, e.Recurring)...)
}

// Changed: rows were added or removed (a refresh, rows posting,
// /sandbox/transactions/create). hooks are the Item's processor tokens
// with a webhook, each told of its own account's rows.
type Changed struct {
	It             product.Item
	Added, Removed []ledger.Change
	SyncCalled     bool
	Recurring      []string
	Hooks          []ProcHook
}

// ProcHook is a processor token with a webhook, as its change webhooks need it.
type ProcHook struct {
	AccountID, Webhook string
	SyncCalled         bool
}

func (e Changed) Webhooks(time.Time) []product.Outgoing {
	out := changeWebhooks(e.It, "", "", e.Added, e.Removed, e.SyncCalled)
	out = append(out, recurringUpdate(e.It, e.Recurring)...)
	for _, pt := range e.Hooks {
		acct := product.AccountIndex(e.It, pt.AccountID)
		var a, r []ledger.Change
		for _, c := range e.Added {
			if c.Account == acct {
				a = append(a, c)
			}
		}
		for _, c := range e.Removed {
			if c.Account == acct {
				r = append(r, c)
			}
		}
		out = append(out, changeWebhooks(e.It, pt.Webhook, pt.AccountID, a, r, pt.SyncCalled)...)
	}
	return out
}

// changeWebhooks are DEFAULT_UPDATE, TRANSACTIONS_REMOVED and (once sync
// has been used) SYNC_UPDATES_AVAILABLE, about the product.Item (to "") or, to a
// processor token's webhook, about its account.
func changeWebhooks(it product.Item, to, accountID string, added, removed []ledger.Change, syncCalled bool) []product.Outgoing {
	var out []product.Outgoing
	add := func(code string, fields map[string]any) {
		if to != "" {
			fields["account_id"] = accountID
		}
		out = append(out, product.Outgoing{It: it, To: to, Type: "TRANSACTIONS", Code: code, Fields: fields})
	}
	if len(added) > 0 {
		add("DEFAULT_UPDATE", map[string]any{"new_transactions": len(added), "error": nil})
	}
	if len(removed) > 0 {
		ids := make([]string, len(removed))
		for i, c := range removed {
			ids[i] = c.ID
		}
		add("TRANSACTIONS_REMOVED", map[string]any{"removed_transactions": ids, "error": nil})
	}
	if syncCalled && len(added)+len(removed) > 0 {
		add("SYNC_UPDATES_AVAILABLE", map[string]any{"initial_update_complete": true, "historical_update_complete": true})
	}
	return out
}

// recurringUpdate is RECURRING_TRANSACTIONS_UPDATE when the streams changed
// (accts non-nil: the accounts with streams).
func recurringUpdate(it product.Item, accts []string) []product.Outgoing {
	if accts == nil {
		return nil
	}
	return []product.Outgoing{{It: it, Type: "TRANSACTIONS", Code: "RECURRING_TRANSACTIONS_UPDATE", Fields: map[string]any{"account_ids": accts}}}
}
