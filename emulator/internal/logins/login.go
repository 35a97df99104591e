package logins

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// NewItem is what an Item is made of, however it is made (the Sandbox's
// shortcut, Link, an import, a processor shortcut): a bank, products, a
// Sandbox login, and the options of the way it is made.
type NewItem struct {
	InstitutionID      string
	Products           []string
	Username, Password string
	Webhook            *string
	// DaysRequested is how many days of transactions (0: the default).
	DaysRequested int
	// Options are the creating call's options by key, as sent, for the
	// modules that keep data of their own on the Item (product.ItemExtender).
	Options map[string]json.RawMessage
	// SelectAccounts, if set, picks the accounts the user shares (Link's account selection).
	SelectAccounts func([]Account) ([]Account, *wire.Error)
}

// LoggedIn is what a successful login gives, before anything is stored.
type LoggedIn struct {
	Institution *fixtures.Institution
	Resolved
	// Shared are the accounts shared, after selection.
	Shared        []Account
	Microdeposits bool
}

// Login checks the institution, products and credentials of n the way
// the Sandbox does and picks the accounts shared, storing nothing; it
// returns the error the Sandbox gives. Blank credentials are user_good's.
func Login(fx *fixtures.Set, seed int64, now time.Time, n *NewItem) (LoggedIn, *wire.Error) {
	inst := fx.Institution(n.InstitutionID)
	if inst == nil {
		return LoggedIn{}, wire.New(wire.CodeInvalidInstitution)
	}
	if slices.Contains(n.Products, "balance") {
		return LoggedIn{}, wire.New(wire.CodeInvalidProduct, `["balance"]`).WithMessage(
			"balance is not a valid initial product; use another product and call /accounts/balance/get")
	}
	var unsupported []string
	for _, pr := range n.Products {
		if !slices.Contains(inst.Products, pr) {
			unsupported = append(unsupported, pr)
		}
	}
	if len(unsupported) > 0 {
		return LoggedIn{}, wire.New(wire.CodeProductsNotSupported).WithMessage(
			"the following products are not supported by %s: %s", inst.Name, strings.Join(unsupported, ", "))
	}
	if n.Username == "" {
		n.Username = "user_good"
	}
	if n.Password == "" {
		n.Password = "pass_good"
	}
	if code, ok := strings.CutPrefix(n.Password, "error_"); ok {
		if wire.ItemCreationCode(code) {
			return LoggedIn{}, wire.New(code)
		}
		return LoggedIn{}, wire.New(wire.CodeInvalidCredentials)
	}
	if inst.CreationError != "" {
		return LoggedIn{}, wire.New(inst.CreationError)
	}
	ru, err := Resolve(fx, seed, now, n.Username, n.Password, n.InstitutionID)
	if err != nil {
		return LoggedIn{}, err
	}
	accts := ru.Accounts
	microdeposits := n.Username == "user_good" && n.Password == MicrodepositsPassword
	if microdeposits {
		// Automated Micro-deposits: only the checking account, pending verification.
		accts = slices.DeleteFunc(slices.Clone(accts), func(a Account) bool { return a.Subtype == nil || *a.Subtype != "checking" })
		accts = accts[:min(1, len(accts))]
	}
	if n.SelectAccounts != nil {
		if accts, err = n.SelectAccounts(accts); err != nil {
			return LoggedIn{}, err
		}
	}
	if len(accts) == 0 {
		return LoggedIn{}, wire.New(wire.CodeNoAccounts)
	}
	return LoggedIn{Institution: inst, Resolved: ru, Shared: accts, Microdeposits: microdeposits}, nil
}

// NewAccount is a shared account as its Item holds it, under id; routing
// is the bank's routing number for ACH numbers a fixture leaves it out of.
func NewAccount(id string, a Account, routing string) product.Account {
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
	if a.Owner != nil {
		o := *a.Owner
		o.Names, o.PhoneNumbers, o.Emails, o.Addresses = product.NonNil(o.Names), product.NonNil(o.PhoneNumbers), product.NonNil(o.Emails), product.NonNil(o.Addresses)
		out.Owners = []fixtures.Identity{o}
	}
	return out
}

// Typed is an account step for an Item of typed numbers (same-day
// micro-deposits, Database Auth): the user's first depository account,
// named after its type, with the numbers given and no rows.
func Typed(routing, account, subtype string) func([]Account) ([]Account, *wire.Error) {
	return func(accts []Account) ([]Account, *wire.Error) {
		i := slices.IndexFunc(accts, func(a Account) bool { return a.Type == "depository" })
		if i < 0 {
			return nil, wire.New(wire.CodeNoAuthAccounts)
		}
		a := accts[i]
		mask := account[max(0, len(account)-4):]
		a.Name, a.OfficialName, a.Mask, a.Subtype = "Plaid "+strings.ToUpper(subtype[:1])+subtype[1:], nil, &mask, &subtype
		a.Numbers = &fixtures.Numbers{ACH: &fixtures.ACH{Account: account, Routing: routing}}
		a.Transactions, a.Recurring = nil, nil
		return []Account{a}, nil
	}
}
