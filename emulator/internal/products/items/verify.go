package items

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Automated micro-deposits verify themselves: in Sandbox an account
// pending_automatic_verification becomes automatically_verified about a
// day after the Item was made (https://plaid.com/docs/auth/coverage/testing/),
// with AUTH AUTOMATICALLY_VERIFIED to the Item's webhook. Here it is 24
// hours on the emulator clock, checked as the clock moves.

// automaticVerification is how long automated micro-deposits take.
const automaticVerification = 24 * time.Hour

// Due verifies the automated micro-deposit accounts whose day has come
// (product.ClockHook).
func (p *API) Due(now time.Time) []product.Event {
	var out []product.Event
	for _, it := range p.door.AllItems() {
		if now.Before(it.CreatedAt.Add(automaticVerification)) || !pendingAutomatic(it) {
			continue
		}
		var verified []string
		got, err := p.door.UpdateItemByID(it.ID, func(it *product.Item) *wire.Error {
			verified = nil
			accts := append([]product.Account(nil), it.Accounts...)
			for i := range accts {
				if v := accts[i].Verification; v != nil && *v == "pending_automatic_verification" {
					accts[i].Verification = product.Ptr("automatically_verified")
					verified = append(verified, accts[i].ID)
				}
			}
			it.Accounts = accts
			return nil
		})
		if err != nil {
			continue // removed meanwhile
		}
		for _, id := range verified {
			out = append(out, VerificationChanged{It: got, AccountID: id, State: "automatically_verified"})
		}
	}
	return out
}

func pendingAutomatic(it product.Item) bool {
	for _, a := range it.Accounts {
		if a.Verification != nil && *a.Verification == "pending_automatic_verification" {
			return true
		}
	}
	return false
}

// The items module verifies automated micro-deposits as the clock moves.
var _ product.ClockHook = (*API)(nil)
