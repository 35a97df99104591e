package emulator

import (
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
)

// Processor partners: the app turns one account of an Item into a token a
// payments partner redeems (processor tokens, Stripe bank account tokens).

// Processors is the processor enum of /processor/token/create: the spec's,
// plus partners the official clients still list (prime_trust). A test keeps
// it in step with the spec.
var Processors = []string{"dwolla", "galileo", "modern_treasury", "ocrolus", "vesta", "drivewealth", "vopay", "achq",
	"check", "checkbook", "circle", "sila_money", "rize", "svb_api", "unit", "wyre", "lithic", "alpaca", "astra", "moov",
	"treasury_prime", "marqeta", "checkout", "solid", "highnote", "gemini", "apex_clearing", "gusto", "adyen", "atomic",
	"i2c", "wepay", "riskified", "utb", "adp_roll", "fortress_trust", "bond", "bakkt", "teal", "zero_hash", "taba_pay",
	"knot", "sardine", "alloy", "finix", "nuvei", "layer", "boom", "paynote", "stake", "wedbush", "esusu", "ansa",
	"scribeup", "straddle", "loanpro", "bloom_credit", "sfox", "brale", "parafin", "cardless", "open_ledger", "valon",
	"gainbridge", "cardlytics", "pinwheel", "thread_bank", "array", "fiant", "oatfi", "curinos", "frame", "interchecks",
	"interchange", "atomicfi",
	// Legacy: gone from the current spec, still in plaid-go v20's.
	"prime_trust",
}

// LegacyProcessors are the entries of Processors that the current spec no longer lists.
var LegacyProcessors = []string{"prime_trust"}

// procToken is a processor token or a Stripe bank account token.
// A processor token belongs to the client that made it (the app, which
// sets its permissions) and to its partner: the first other client that
// uses it (the processor, which reads through it and sets its webhook).
// No third client can use or change it.
type procToken struct {
	clientID   string // the app that made it
	partner    string // the processor that first used it ("" until then)
	token      string
	itemID     string
	accountID  string
	processor  string   // "stripe" for btok_ tokens
	products   []string // permissions; nil: every product
	webhook    *string
	syncCalled bool // processor sync used: SYNC_UPDATES_AVAILABLE may follow
}

// procHooksLocked are copies of an Item's processor tokens that have a webhook.
func (s *store) procHooksLocked(itemID string) []transactions.ProcHook {
	var toks []*procToken
	for _, pt := range s.procTokens {
		if pt.itemID == itemID && pt.webhook != nil && *pt.webhook != "" {
			toks = append(toks, pt)
		}
	}
	slices.SortFunc(toks, func(a, b *procToken) int { return strings.Compare(a.token, b.token) })
	out := make([]transactions.ProcHook, len(toks))
	for i, pt := range toks {
		out[i] = transactions.ProcHook{AccountID: pt.accountID, Webhook: *pt.webhook, SyncCalled: pt.syncCalled}
	}
	return out
}

// addProcToken issues clientID a token for one account of an Item.
func (s *store) addProcToken(clientID, itemID, accountID, processor string) string {
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
	s.procTokens[tok] = &procToken{clientID: clientID, token: tok, itemID: itemID, accountID: accountID, processor: processor}
	s.changed(kindProc, tok)
	return tok
}

// procTokenFor returns a copy of a processor token for clientID: its app,
// or its partner (uses its own keys, not the app's); the first other
// client to ask becomes the partner, and any later one is refused.
func (s *store) procTokenFor(clientID, tok string) (procToken, product.Item, bool) {
	s.mu.Lock() // the first other client to ask may become the partner
	defer s.mu.Unlock()
	pt, ok := s.procTokens[tok]
	if ok && pt.partner == "" && clientID != pt.clientID && clientID != "" {
		pt.partner = clientID
		s.changed(kindProc, tok)
	}
	if !ok || pt.processor == "stripe" || (clientID != "" && clientID != pt.clientID && clientID != pt.partner) {
		return procToken{}, product.Item{}, false
	}
	it, ok := s.items[pt.itemID]
	if !ok {
		return procToken{}, product.Item{}, false
	}
	return *pt, *it, true
}

// updateProcToken changes a stored processor token, for its app (asApp)
// or else for its app or partner.
func (s *store) updateProcToken(clientID, tok string, asApp bool, fn func(*procToken)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	pt, ok := s.procTokens[tok]
	if !ok || pt.processor == "stripe" {
		return false
	}
	if clientID != "" && clientID != pt.clientID { // "": the emulator itself
		if asApp {
			return false
		}
		if pt.partner == "" {
			pt.partner = clientID
		} else if pt.partner != clientID {
			return false
		}
	}
	fn(pt)
	s.changed(kindProc, tok)
	return true
}
