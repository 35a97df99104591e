package transfer

import "strings"

// ForgetClient removes everything of one client: its authorizations,
// transfers, Ledgers, sweeps, refunds, recurring transfers, test clocks,
// originators and keys. Events keep their ids (others page by them): the
// client's are hidden instead.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	mine := func(key string) bool { return key == clientID || strings.HasPrefix(key, clientID+"\x00") }
	for k, v := range a.st.Auths {
		if v.ClientID == clientID {
			delete(a.st.Auths, k)
		}
	}
	for k, v := range a.st.Transfers {
		if v.ClientID == clientID {
			delete(a.st.Transfers, k)
		}
	}
	for k, v := range a.st.Sweeps {
		if v.ClientID == clientID {
			delete(a.st.Sweeps, k)
		}
	}
	for k, v := range a.st.Refunds {
		if v.ClientID == clientID {
			delete(a.st.Refunds, k)
		}
	}
	for k, v := range a.st.Recurring {
		if v.ClientID == clientID {
			delete(a.st.Recurring, k)
		}
	}
	for k, v := range a.st.Clocks {
		if v.ClientID == clientID {
			delete(a.st.Clocks, k)
		}
	}
	for _, m := range []map[string]string{a.st.Keys} {
		for k := range m {
			if mine(k) {
				delete(m, k)
			}
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
	a.host.TransferChanged()
}
