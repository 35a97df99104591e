package store

import (
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
)

// ProcToken is a processor token or a Stripe bank account token.
// A processor token belongs to the client that made it (the app, which
// sets its permissions) and to its partner: the first other client that
// uses it (the processor, which reads through it and sets its webhook).
// No third client can use or change it.
type ProcToken struct {
	ClientID   string // the app that made it
	Partner    string // the processor that first used it ("" until then)
	Token      string
	ItemID     string
	AccountID  string
	Processor  string   // "stripe" for btok_ tokens
	Products   []string // permissions; nil: every product
	Webhook    *string
	SyncCalled bool // processor sync used: SYNC_UPDATES_AVAILABLE may follow
}

// procHooksLocked are copies of an Item's processor tokens that have a webhook.
func (s *Store) procHooksLocked(itemID string) []transactions.ProcHook {
	var toks []*ProcToken
	for _, pt := range s.procTokens {
		if pt.ItemID == itemID && pt.Webhook != nil && *pt.Webhook != "" {
			toks = append(toks, pt)
		}
	}
	slices.SortFunc(toks, func(a, b *ProcToken) int { return strings.Compare(a.Token, b.Token) })
	out := make([]transactions.ProcHook, len(toks))
	for i, pt := range toks {
		out[i] = transactions.ProcHook{AccountID: pt.AccountID, Webhook: *pt.Webhook, SyncCalled: pt.SyncCalled}
	}
	return out
}

// addProcToken issues clientID a token for one account of an Item.
func (s *Store) AddProcToken(clientID, itemID, accountID, processor string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var tok string
	if processor == "stripe" {
		b := make([]byte, 20)
		for i := range b {
			b[i] = ledger.IDAlphabet[s.ids.IntN(len(ledger.IDAlphabet))]
		}
		tok = "btok_" + string(b)
	} else {
		tok = "processor-sandbox-" + s.newUUID()
	}
	s.procTokens[tok] = &ProcToken{ClientID: clientID, Token: tok, ItemID: itemID, AccountID: accountID, Processor: processor}
	s.changed(KindProc, tok)
	return tok
}

// procTokenFor returns a copy of a processor token for clientID: its app,
// or its partner (uses its own keys, not the app's); the first other
// client to ask becomes the partner, and any later one is refused.
func (s *Store) ProcTokenFor(clientID, tok string) (ProcToken, product.Item, bool) {
	s.mu.Lock() // the first other client to ask may become the partner
	defer s.mu.Unlock()
	pt, ok := s.procTokens[tok]
	if ok && pt.Partner == "" && clientID != pt.ClientID && clientID != "" {
		pt.Partner = clientID
		s.changed(KindProc, tok)
	}
	if !ok || pt.Processor == "stripe" || (clientID != "" && clientID != pt.ClientID && clientID != pt.Partner) {
		return ProcToken{}, product.Item{}, false
	}
	it, ok := s.items[pt.ItemID]
	if !ok {
		return ProcToken{}, product.Item{}, false
	}
	return *pt, *it, true
}

// updateProcToken changes a stored processor token, for its app (asApp)
// or else for its app or partner.
func (s *Store) UpdateProcToken(clientID, tok string, asApp bool, fn func(*ProcToken)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	pt, ok := s.procTokens[tok]
	if !ok || pt.Processor == "stripe" {
		return false
	}
	if clientID != "" && clientID != pt.ClientID { // "": the emulator itself
		if asApp {
			return false
		}
		if pt.Partner == "" {
			pt.Partner = clientID
		} else if pt.Partner != clientID {
			return false
		}
	}
	fn(pt)
	s.changed(KindProc, tok)
	return true
}
