package store

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The store's tokens: public tokens issued and exchanged, access tokens
// rotated.

// addPublicToken issues a public token for an Item at now; it can be
// exchanged for PublicTokenTTL.
// Expired public tokens are removed as new ones come (every sweepEvery
// issues), so the map holds at most the tokens of the last 30 minutes and
// a sweep's worth more.
func (s *Store) AddPublicToken(clientID, itemID string, now time.Time) string {
	expires := now.Add(PublicTokenTTL)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.publicIssued++; s.publicIssued%sweepEvery == 0 {
		for k, pt := range s.public {
			if !now.Before(pt.expires) {
				delete(s.public, k)
				s.changed(KindPublic, k)
			}
		}
	}
	tok := "public-sandbox-" + s.newUUID()
	s.public[tok] = &publicToken{ClientID: clientID, ItemID: itemID, expires: expires}
	s.changed(KindPublic, tok)
	return tok
}

// exchange consumes a public token and returns the Item's access token,
// issuing it on first exchange.
func (s *Store) Exchange(clientID, tok string, now time.Time) (product.Item, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pt, ok := s.public[tok]
	if !ok || pt.ClientID != clientID {
		return product.Item{}, wire.New(wire.CodeInvalidPublicToken)
	}
	delete(s.public, tok)
	s.changed(KindPublic, tok)
	it, ok := s.items[pt.ItemID]
	if !ok || !now.Before(pt.expires) {
		return product.Item{}, wire.New(wire.CodeInvalidPublicToken)
	}
	if it.AccessToken == "" {
		it.AccessToken = "access-sandbox-" + s.newUUID()
		s.access[it.AccessToken] = it.ID
		s.changed(KindAccess, it.ID)
	}
	return *it, nil
}

// publicItem returns the Item behind a live public token without consuming it.
func (s *Store) PublicItem(clientID, tok string, now time.Time) (product.Item, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	pt, ok := s.public[tok]
	if !ok || pt.ClientID != clientID || !now.Before(pt.expires) {
		return product.Item{}, wire.New(wire.CodeInvalidPublicToken)
	}
	it, ok := s.items[pt.ItemID]
	if !ok {
		return product.Item{}, wire.New(wire.CodeInvalidPublicToken)
	}
	return *it, nil
}

// rotateAccessToken gives the Item behind tok a new access token; tok stops
// working at once (processor tokens, which name the Item, keep working).
func (s *Store) RotateAccessToken(clientID, tok string) (string, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.lookup(clientID, tok)
	if it == nil {
		return "", wire.New(wire.CodeInvalidAccessToken)
	}
	delete(s.access, tok)
	it.AccessToken = "access-sandbox-" + s.newUUID()
	s.access[it.AccessToken] = it.ID
	s.changed(KindAccess, it.ID)
	return it.AccessToken, nil
}

// accessTokenOf is the Item's current access token ("" when it is gone).
func (s *Store) AccessTokenOf(itemID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if it := s.items[itemID]; it != nil {
		return it.AccessToken
	}
	return ""
}

// sweepEvery is how many new tokens pass between sweeps of expired ones.
const sweepEvery = 256

// legacyPartner is the client's legacy_partner fixture setting.
func (s *Store) LegacyPartner(clientID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.Partner[clientID]
}

// PublicTokenTTL is how long a public token can be exchanged (https://plaid.com/docs/api/tokens/).
const PublicTokenTTL = 30 * time.Minute
