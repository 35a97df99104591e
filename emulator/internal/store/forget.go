package store

// forgetClient removes one client's Items, their tokens and transactions,
// and the client's public and processor tokens.
func (s *Store) ForgetClient(clientID string) {
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
		s.changed(KindItem, id)
		s.changed(KindAccess, id)
		s.changedTx(id)
	}
	for k, pt := range s.public {
		if pt.ClientID == clientID || gone[pt.ItemID] {
			delete(s.public, k)
			s.changed(KindPublic, k)
		}
	}
	for k, pt := range s.procTokens {
		if pt.ClientID == clientID || gone[pt.ItemID] {
			delete(s.procTokens, k)
			s.changed(KindProc, k)
		}
	}
}
