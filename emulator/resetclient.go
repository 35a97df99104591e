package emulator

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// ResetClient removes what belongs to one client, leaving every other
// client's state as it was: its Items with their tokens and transactions,
// public, link and processor tokens, Transfer objects, asset reports,
// webhooks, journal entries and the scenario activations scoped to it.
// One container can then serve test suites in parallel, each its own
// client_id, each starting clean.
func (s *Server) ResetClient(clientID string) {
	s.store.forgetClient(clientID)
	for _, m := range s.modules {
		if f, ok := m.(product.ClientForgetter); ok {
			f.ForgetClient(clientID)
		}
	}
	s.hooks.ForgetClient(clientID)
	s.journal.ForgetClient(clientID)
	s.chaos.DeactivateClient(clientID)
}

// forgetClient removes one client's Items, their tokens and transactions,
// and the client's public and processor tokens.
func (s *store) forgetClient(clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gone := map[string]bool{}
	for id, it := range s.items {
		if it.ClientID != clientID {
			continue
		}
		gone[id] = true
		delete(s.access, it.AccessToken)
		delete(s.items, id)
		delete(s.tx, id)
		delete(s.sources, id)
		s.changed(kindItem, id)
		s.changed(kindAccess, id)
		s.changedTx(id)
	}
	for k, pt := range s.public {
		if pt.clientID == clientID || gone[pt.itemID] {
			delete(s.public, k)
			s.changed(kindPublic, k)
		}
	}
	for k, pt := range s.procTokens {
		if pt.clientID == clientID || gone[pt.itemID] {
			delete(s.procTokens, k)
			s.changed(kindProc, k)
		}
	}
}
