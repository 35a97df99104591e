package transfer

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Scripted returns: an account whose fixture says
// `transfer: {return: {code: R01, after_days: 2}}` has each of its
// transfers returned with that code after_days after it was created, on
// the emulator clock. The transfer goes on through the statuses it has not
// reached (posted, settled) and then returns, each an event, as if Sandbox
// had been told to simulate them; the Item's webhook hears of it.

// scriptReturnLocked notes the return rule scripts for the new transfer t.
// Callers hold a.mu.
func (a *API) scriptReturnLocked(t *Transfer, rule *fixtures.TransferRule) {
	if rule == nil || rule.Return == nil {
		return
	}
	t.ReturnAt = t.Created.Add(time.Duration(rule.Return.AfterDays) * 24 * time.Hour)
	t.ReturnCode = rule.Return.Code
	a.st.Scripted = append(a.st.Scripted, t.ID)
}

// toReturn are the events that take a transfer from each status to
// returned (a cancelled, failed or returned one has none).
var toReturn = map[string][]string{
	"pending":         {"posted", "settled", "returned"},
	"posted":          {"settled", "returned"},
	"settled":         {"returned"},
	"funds_available": {"returned"},
}

// dueLocked returns the scripted transfers whose time has come, and says
// so to their Items. Callers hold a.mu.
func (a *API) dueLocked(now time.Time) []product.Event {
	var evs []product.Event
	changed := false
	a.st.Scripted = slices.DeleteFunc(a.st.Scripted, func(id string) bool {
		t := a.st.Transfers[id]
		if t == nil {
			return true
		}
		if now.Before(t.ReturnAt) {
			return false
		}
		moved := len(toReturn[t.Status]) > 0
		for _, ev := range toReturn[t.Status] {
			t.Status = ev
			if ev == "returned" {
				t.Failure = failureFor(ev, t.ReturnCode)
			}
			a.addEventLocked(t, ev, now)
		}
		changed = changed || moved
		if au := a.st.Auths[t.AuthorizationID]; au != nil && moved {
			if it, ok := a.door.ItemByID(au.ItemID); ok {
				evs = append(evs, EventsUpdate{It: it})
			}
		}
		return true
	})
	if changed {
		a.door.StateChanged(a.Name())
	}
	return evs
}

// Due returns the scripted transfers whose time has come (the emulator
// calls it when its clock moves); the events are for publish.
func (a *API) Due(now time.Time) []product.Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.dueLocked(now)
}
