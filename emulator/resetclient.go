package emulator

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// ResetClient removes what belongs to one client, leaving every other
// client's state as it was: its Items with their tokens and transactions,
// public, link and processor tokens, Transfer objects, asset reports,
// webhooks, journal entries and the scenario activations scoped to it.
// One container can then serve test suites in parallel, each its own
// client_id, each starting clean.
func (s *Server) ResetClient(clientID string) {
	s.store.ForgetClient(clientID)
	for _, m := range s.modules {
		if f, ok := m.(product.ClientForgetter); ok {
			f.ForgetClient(clientID)
		}
	}
	s.hooks.ForgetClient(clientID)
	s.journal.ForgetClient(clientID)
	s.chaos.DeactivateClient(clientID)
}
