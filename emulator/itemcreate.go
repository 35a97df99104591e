package emulator

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
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
	// selectAccounts, if set, picks the accounts the user shares (Link's account selection).
	selectAccounts func([]userAccount) ([]userAccount, *wire.Error)
}

// microdepositsPassword makes user_good an Automated Micro-deposits Item (reference §3.3).
const microdepositsPassword = "microdeposits_good"

// mfaPassword matches the Sandbox's MFA passwords, which the shortcut
// endpoints accept without asking any question (reference §3.1).
var mfaPassword = regexp.MustCompile(`^(mfa_device|mfa_questions_\d_\d|mfa_selections(_\d_\d_\d)?)$`)

// loggedIn is what a successful login gives, before anything is stored.
type loggedIn struct {
	inst          *fixtures.Institution
	ru            resolvedUser
	accts         []userAccount // after selection
	microdeposits bool
}

// login checks the institution, products and credentials the way the
// Sandbox does and picks the accounts shared, storing nothing; it returns
// the error the Sandbox gives.
func (s *Server) login(p *newItemParams) (loggedIn, *wire.Error) {
	inst := s.store.Fixtures.Institution(p.institutionID)
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
	ru, err := s.resolveUser(p.username, p.password, p.institutionID)
	if err != nil {
		return loggedIn{}, err
	}
	accts := ru.accounts
	microdeposits := p.username == "user_good" && p.password == microdepositsPassword
	if microdeposits {
		// Automated Micro-deposits: only the checking account, pending verification.
		accts = slices.DeleteFunc(accts, func(a userAccount) bool { return a.Subtype == nil || *a.Subtype != "checking" })
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
	itemErr := ru.itemErr
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
	if inst.AuthMethod != "" && slices.Contains(products, "auth") {
		m := inst.AuthMethod
		authMethod = &m
	}
	if microdeposits {
		authMethod = product.Ptr("AUTOMATED_MICRODEPOSITS")
	}
	it := s.store.addItem(func(newID func() string) *product.Item {
		out := &product.Item{
			ClientID: p.clientID, InstitutionID: inst.InstitutionID, InstitutionName: inst.Name,
			Username: p.username, Webhook: p.webhook, Products: products, Available: available,
			AuthMethod: authMethod, CreatedAt: p.now, Err: itemErr,
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
	src := ledger.Source{History: ru.history}
	for _, a := range accts {
		src.Scripted = append(src.Scripted, a.Transactions)
		src.Recurring = append(src.Recurring, a.Recurring)
		src.Custom = append(src.Custom, a.custom)
	}
	s.store.setSource(it.ID, src)
	if slices.Contains(products, "transactions") {
		s.startTransactions(it, p.daysRequested, false)
	}
	return it, nil
}

// resolvedUser is what a login gives a new Item: its accounts, how it gets
// transactions, and the error state a user_custom force_error puts it in.
type resolvedUser struct {
	accounts []userAccount
	history  *fixtures.History
	itemErr  *wire.Error
}

// resolveUser checks a username and password: a fixture user's, or a
// user_custom configuration.
func (s *Server) resolveUser(username, password, institutionID string) (resolvedUser, *wire.Error) {
	if username == "user_custom" {
		return s.customAccounts(password)
	}
	u := s.store.Fixtures.User(username)
	if u == nil {
		return resolvedUser{}, wire.New(wire.CodeInvalidCredentials)
	}
	ok := strings.TrimSpace(password) != "" &&
		(u.Password == "" || password == u.Password || (username == "user_good" && (mfaPassword.MatchString(password) || password == microdepositsPassword)))
	if !ok {
		return resolvedUser{}, wire.New(wire.CodeInvalidCredentials)
	}
	if len(u.Institutions) > 0 && !slices.Contains(u.Institutions, institutionID) {
		return resolvedUser{}, wire.New(wire.CodeInvalidCredentials)
	}
	out := make([]userAccount, len(u.Accounts))
	for i, a := range u.Accounts {
		owner := u.Identity
		if a.Identity != nil {
			owner = a.Identity
		}
		out[i] = userAccount{Account: a, owner: owner}
	}
	return resolvedUser{accounts: out, history: u.History}, nil
}

// userAccount is a fixture account with its resolved owner.
type userAccount struct {
	fixtures.Account
	owner  *fixtures.Identity
	custom []ledger.CustomTxn // user_custom rows
}

func newAccount(id string, a userAccount, routing string) product.Account {
	out := product.Account{
		ID: id, Name: a.Name, OfficialName: a.OfficialName, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype,
		HolderCategory: a.HolderCategory, Liability: a.Liability, Holdings: a.Holdings, InvTx: a.InvestmentTransactions, Securities: a.OwnSecurities,
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
	if a.owner != nil {
		o := *a.owner
		o.Names, o.PhoneNumbers, o.Emails, o.Addresses = product.NonNil(o.Names), product.NonNil(o.PhoneNumbers), product.NonNil(o.Emails), product.NonNil(o.Addresses)
		out.Owners = []fixtures.Identity{o}
	}
	return out
}
