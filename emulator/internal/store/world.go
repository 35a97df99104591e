package store

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"

// setWorld swaps in a new world and takes its clients' credentials.
func (s *Store) SetWorld(cat *ledger.Catalog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world.Store(cat)
	for _, c := range cat.Fixtures.Clients {
		s.clients[c.ClientID] = c.Secret
		s.Partner[c.ClientID] = c.LegacyPartner
	}
}
