package emulator

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// createItem logs in (logins.Login) and stores a new Item of clientID's.
func (s *Server) createItem(clientID string, now time.Time, n logins.NewItem) (product.Item, *wire.Error) {
	var ext product.Ext // the modules' own data on the Item, from the call's options
	for _, m := range s.modules {
		if e, ok := m.(product.ItemExtender); ok {
			v, err := e.ItemExt(n.Options, now)
			if err != nil {
				return product.Item{}, err
			}
			if v != nil {
				ext = ext.With(m.Name(), v)
			}
		}
	}
	li, err := logins.Login(s.store.Fixtures(), s.opts.Seed, s.clock.Now(), &n)
	if err != nil {
		return product.Item{}, err
	}
	inst, ru, accts, microdeposits := li.Institution, li.Resolved, li.Shared, li.Microdeposits
	itemErr := ru.ItemErr
	routing := "011401533"
	if len(inst.RoutingNumbers) > 0 {
		routing = inst.RoutingNumbers[0]
	}
	products := slices.Clone(n.Products)
	slices.Sort(products)
	products = slices.Compact(products)
	var available []string
	for _, pr := range inst.Products {
		if !slices.Contains(products, pr) {
			available = append(available, pr)
		}
	}
	slices.Sort(available)
	var authMethod *string
	if slices.Contains(products, "auth") { // a login gives Instant Auth unless the bank says otherwise
		m := inst.AuthMethod
		if m == "" {
			m = "INSTANT_AUTH"
		}
		authMethod = &m
	}
	if microdeposits {
		authMethod = product.Ptr("AUTOMATED_MICRODEPOSITS")
	}
	it := s.store.AddItem(func(newID func() string) *product.Item {
		out := &product.Item{
			ClientID: clientID, InstitutionID: inst.InstitutionID, InstitutionName: inst.Name,
			Username: n.Username, Webhook: n.Webhook, Products: products, Available: available,
			AuthMethod: authMethod, CreatedAt: now, Err: itemErr, Ext: ext,
		}
		for _, a := range accts {
			acct := logins.NewAccount(newID(), a, routing)
			for _, m := range s.modules { // the modules' own data on the account, from the fixture account
				if e, ok := m.(product.AccountExtender); ok {
					if v := e.AccountExt(&a.Account); v != nil {
						acct.Ext = acct.Ext.With(m.Name(), v)
					}
				}
			}
			if microdeposits {
				acct.Verification = product.Ptr("pending_automatic_verification")
			}
			out.Accounts = append(out.Accounts, acct)
		}
		return out
	})
	src := ledger.Source{History: ru.History}
	for _, a := range accts {
		src.Scripted = append(src.Scripted, a.Transactions)
		src.Recurring = append(src.Recurring, a.Recurring)
		src.Custom = append(src.Custom, a.Custom)
	}
	s.store.SetSource(it.ID, src)
	if slices.Contains(products, "transactions") {
		s.startTransactions(it, n.DaysRequested, false)
	}
	return it, nil
}
