package transfer

import (
	"slices"
	"strings"
)

// ForgetClient removes everything of one client: its authorizations,
// transfers, Ledgers, sweeps, refunds, recurring transfers, test clocks,
// originators, intents, payment profiles, repayments and keys. Events keep their ids (others page by them): the
// client's are hidden instead.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	forgetOf(a.st.Auths, clientID, func(v *Authorization) string { return v.ClientID })
	forgetOf(a.st.Transfers, clientID, func(v *Transfer) string { return v.ClientID })
	forgetOf(a.st.Sweeps, clientID, func(v *Sweep) string { return v.ClientID })
	forgetOf(a.st.Refunds, clientID, func(v *Refund) string { return v.ClientID })
	forgetOf(a.st.Recurring, clientID, func(v *Recurring) string { return v.ClientID })
	forgetOf(a.st.Clocks, clientID, func(v *TestClock) string { return v.ClientID })
	forgetOf(a.st.Intents, clientID, func(v *Intent) string { return v.ClientID })
	forgetOf(a.st.Profiles, clientID, func(v *Profile) string { return v.ClientID })
	// Keys, Ledgers, originators and distributions are keyed by the client
	// (alone, or before a NUL).
	mine := func(key string) bool { return key == clientID || strings.HasPrefix(key, clientID+"\x00") }
	for k := range a.st.Keys {
		if mine(k) {
			delete(a.st.Keys, k)
		}
	}
	for k := range a.st.Ledgers {
		if mine(k) {
			delete(a.st.Ledgers, k)
		}
	}
	for k := range a.st.Originators {
		if mine(k) {
			delete(a.st.Originators, k)
		}
	}
	a.st.Distributed = slices.DeleteFunc(a.st.Distributed, mine)
	a.st.Documents = slices.DeleteFunc(a.st.Documents, func(d *Document) bool { return d.ClientID == clientID })
	a.st.Repayments = slices.DeleteFunc(a.st.Repayments, func(r *Repayment) bool { return r.ClientID == clientID })
	for k := range a.st.Recoveries {
		if mine(k) {
			delete(a.st.Recoveries, k)
		}
	}
	for i := range a.st.Events {
		if a.st.Events[i].ClientID == clientID {
			a.st.Events[i].ClientID = "" // no client sees it again; its id stays taken
		}
	}
	for i := range a.st.LedgerEvents {
		if a.st.LedgerEvents[i].ClientID == clientID {
			a.st.LedgerEvents[i].ClientID = ""
		}
	}
	a.door.StateChanged(a.Name())
}

// forgetOf deletes the values of m whose client is clientID.
func forgetOf[T any](m map[string]*T, clientID string, clientOf func(*T) string) {
	for k, v := range m {
		if clientOf(v) == clientID {
			delete(m, k)
		}
	}
}
