// Package logins resolves a Sandbox login to what a new Item gets: a fixture user's
// accounts and owners checked against its password, or a user_custom JSON
// configuration turned into accounts, holdings, liabilities and rows, with
// Plaid-worded errors for what is wrong in it.
package logins

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Resolved is what a login gives a new Item: its accounts, how it gets
// transactions, and the error state a user_custom force_error puts it in.
type Resolved struct {
	Accounts []Account
	History  *fixtures.History
	ItemErr  *wire.Error
}

// Resolve checks a username and password: a fixture user's, or a
// user_custom configuration.
// (seed and now are the run's, for what user_custom leaves blank.)
func Resolve(fx *fixtures.Set, seed int64, now time.Time, username, password, institutionID string) (Resolved, *wire.Error) {
	if username == "user_custom" {
		return customAccounts(seed, now, password)
	}
	u := fx.User(username)
	if u == nil {
		return Resolved{}, wire.New(wire.CodeInvalidCredentials)
	}
	ok := strings.TrimSpace(password) != "" &&
		(u.Password == "" || password == u.Password || (username == "user_good" && (mfaPassword.MatchString(password) || password == MicrodepositsPassword)))
	if !ok {
		return Resolved{}, wire.New(wire.CodeInvalidCredentials)
	}
	if len(u.Institutions) > 0 && !slices.Contains(u.Institutions, institutionID) {
		return Resolved{}, wire.New(wire.CodeInvalidCredentials)
	}
	out := make([]Account, len(u.Accounts))
	for i, a := range u.Accounts {
		owner := u.Identity
		if a.Identity != nil {
			owner = a.Identity
		}
		out[i] = Account{Account: a, Owner: owner}
	}
	return Resolved{Accounts: out, History: u.History}, nil
}

// Account is a fixture account with its resolved owner.
type Account struct {
	fixtures.Account
	Owner  *fixtures.Identity
	Custom []ledger.CustomTxn // user_custom rows
}

// MicrodepositsPassword makes user_good an Automated Micro-deposits Item (https://plaid.com/docs/auth/coverage/testing/).
const MicrodepositsPassword = "microdeposits_good"

// mfaPassword matches the Sandbox's MFA passwords, which the shortcut
// endpoints accept without asking any question (https://plaid.com/docs/sandbox/test-credentials/).
var mfaPassword = regexp.MustCompile(`^(mfa_device|mfa_questions_\d_\d|mfa_selections(_\d_\d_\d)?)$`)
