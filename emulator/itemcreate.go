package emulator

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// newItemParams is what any way of creating an Item (the sandbox shortcut,
// headless Link, processor shortcuts) knows at that moment.
type newItemParams struct {
	clientID      string
	institutionID string
	products      []string
	username      string
	password      string
	webhook       *string
	now           time.Time
	// daysRequested is the transactions history asked for (0: 90 days).
	daysRequested int
	// statementsFrom and statementsTo are the months the Item's statements
	// cover (zero: the default months).
	statementsFrom, statementsTo time.Time
	// selectAccounts, if set, picks the accounts the user shares (Link's account selection).
	selectAccounts func([]logins.Account) ([]logins.Account, *wire.Error)
}

// loggedIn is what a successful login gives, before anything is stored.
type loggedIn struct {
	inst          *fixtures.Institution
	ru            logins.Resolved
	accts         []logins.Account // after selection
	microdeposits bool
}

// login checks the institution, products and credentials the way the
// Sandbox does and picks the accounts shared, storing nothing; it returns
// the error the Sandbox gives.
func (s *Server) login(p *newItemParams) (loggedIn, *wire.Error) {
	inst := s.store.fixtures().Institution(p.institutionID)
	if inst == nil {
		return loggedIn{}, wire.New(wire.CodeInvalidInstitution)
	}
	if slices.Contains(p.products, "balance") {
		return loggedIn{}, wire.New(wire.CodeInvalidProduct, `["balance"]`).WithMessage(
			"balance is not a valid initial product; use another product and call /accounts/balance/get")
	}
	var unsupported []string
	for _, pr := range p.products {
		if !slices.Contains(inst.Products, pr) {
			unsupported = append(unsupported, pr)
		}
	}
	if len(unsupported) > 0 {
		return loggedIn{}, wire.New(wire.CodeProductsNotSupported).WithMessage(
			"the following products are not supported by %s: %s", inst.Name, strings.Join(unsupported, ", "))
	}
	if p.username == "" {
		p.username = "user_good"
	}
	if p.password == "" {
		p.password = "pass_good"
	}
	if code, ok := strings.CutPrefix(p.password, "error_"); ok {
		if wire.ItemCreationCode(code) {
			return loggedIn{}, wire.New(code)
		}
		return loggedIn{}, wire.New(wire.CodeInvalidCredentials)
	}
	if inst.CreationError != "" {
		return loggedIn{}, wire.New(inst.CreationError)
	}
	ru, err := logins.Resolve(s.store.fixtures(), s.opts.Seed, s.clock.Now(), p.username, p.password, p.institutionID)
	if err != nil {
		return loggedIn{}, err
	}
	accts := ru.Accounts
	microdeposits := p.username == "user_good" && p.password == logins.MicrodepositsPassword
	if microdeposits {
		// Automated Micro-deposits: only the checking account, pending verification.
		accts = slices.DeleteFunc(accts, func(a logins.Account) bool { return a.Subtype == nil || *a.Subtype != "checking" })
		accts = accts[:min(1, len(accts))]
	}
	if p.selectAccounts != nil {
		if accts, err = p.selectAccounts(accts); err != nil {
			return loggedIn{}, err
		}
	}
	if len(accts) == 0 {
		return loggedIn{}, wire.New(wire.CodeNoAccounts)
	}
	return loggedIn{inst: inst, ru: ru, accts: accts, microdeposits: microdeposits}, nil
}

// createItem logs in (login) and stores a new Item.
func (s *Server) createItem(p newItemParams) (product.Item, *wire.Error) {
	li, err := s.login(&p)
	if err != nil {
		return product.Item{}, err
	}
	inst, ru, accts, microdeposits := li.inst, li.ru, li.accts, li.microdeposits
	itemErr := ru.ItemErr
	routing := "011401533"
	if len(inst.RoutingNumbers) > 0 {
		routing = inst.RoutingNumbers[0]
	}
	products := slices.Clone(p.products)
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
	it := s.store.addItem(func(newID func() string) *product.Item {
		out := &product.Item{
			ClientID: p.clientID, InstitutionID: inst.InstitutionID, InstitutionName: inst.Name,
			Username: p.username, Webhook: p.webhook, Products: products, Available: available,
			AuthMethod: authMethod, CreatedAt: p.now, Err: itemErr, StatementsFrom: p.statementsFrom, StatementsTo: p.statementsTo,
		}
		for _, a := range accts {
			acct := newAccount(newID(), a, routing)
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
	s.store.setSource(it.ID, src)
	if slices.Contains(products, "transactions") {
		s.startTransactions(it, p.daysRequested, false)
	}
	return it, nil
}

func newAccount(id string, a logins.Account, routing string) product.Account {
	out := product.Account{
		ID: id, Name: a.Name, OfficialName: a.OfficialName, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype,
		HolderCategory: a.HolderCategory, Liability: a.Liability, Holdings: a.Holdings, InvTx: a.InvestmentTransactions, Securities: a.OwnSecurities,
		Transfer: a.Transfer, Signal: a.Signal,
		Balances: product.BalancesJSON{Available: a.Balances.Available, Current: a.Balances.Current, Limit: a.Balances.Limit,
			ISOCurrencyCode: a.Balances.ISOCurrencyCode, UnofficialCurrencyCode: a.Balances.UnofficialCurrencyCode},
	}
	if n := a.Numbers; n != nil {
		if n.ACH != nil {
			ach := *n.ACH
			if ach.Routing == "" {
				ach.Routing = routing
			}
			out.ACH = &ach
		}
		out.EFT, out.International, out.BACS = n.EFT, n.International, n.BACS
	}
	if a.Owner != nil {
		o := *a.Owner
		o.Names, o.PhoneNumbers, o.Emails, o.Addresses = product.NonNil(o.Names), product.NonNil(o.PhoneNumbers), product.NonNil(o.Emails), product.NonNil(o.Addresses)
		out.Owners = []fixtures.Identity{o}
	}
	return out
}
