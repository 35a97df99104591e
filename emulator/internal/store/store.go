package store

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// store is all mutable state, behind one RWMutex. Methods lock, work on the
// maps, and return copies; no I/O happens under the lock.
type Store struct {
	// world is the fixtures and what is derived from them, shared and
	// immutable; POST /_emulator/fixtures swaps in a new one whole.
	world atomic.Pointer[ledger.Catalog]
	seed  int64

	mu sync.RWMutex
	// onChange hears of every changed record, under mu (for --state); nil without it.
	onChange func(kind, id string)
	pcg      *rand.PCG  // the seeded source of rng (data), saved with the state
	rng      *rand.Rand // data: histories, amounts
	idPCG    *rand.PCG  // the source of ids, saved with the state
	ids      *rand.Rand // every id the store hands out
	// repeatable: ids follow the seed alone (a seed was given); else each
	// reset mixes in a fresh per-run value, so no two runs share ids.
	repeatable bool
	idNonce    uint64
	items      map[string]*product.Item // item_id →
	access     map[string]string        // access_token → item_id
	public     map[string]*publicToken  // public_token →
	// public tokens issued since the start (for sweeping expired ones)
	publicIssued int
	clients      map[string]string        // client_id → secret; empty: any pair
	Partner      map[string]string        // client_id → legacy /exchange_token partner
	tx           map[string]*ledger.State // item_id → transactions
	sources      map[string]ledger.Source // item_id → what its transactions come from
	// processor and Stripe tokens →
	procTokens map[string]*ProcToken
}

type publicToken struct {
	ClientID string
	ItemID   string
	expires  time.Time
}

func New(world *ledger.Catalog, seed int64, repeatable bool) *Store {
	s := &Store{seed: seed, repeatable: repeatable}
	s.world.Store(world)
	s.Reset()
	return s
}

// cat is the world as it is now: read it once per use, as a load of
// fixtures may replace it at any time.
func (s *Store) Cat() *ledger.Catalog { return s.world.Load() }

// fixtures are the fixtures served now.
func (s *Store) Fixtures() *fixtures.Set { return s.world.Load().Fixtures }

// changed notes that a record of the state changed (for --state): an
// Item (KindItem), its transactions (KindTx), a token. Callers hold s.mu.
func (s *Store) changed(kind, id string) {
	if s.onChange != nil {
		s.onChange(kind, id)
	}
}

// changedTx notes a change of an Item's transactions and their source.
func (s *Store) changedTx(itemID string) {
	s.changed(KindTx, itemID)
	s.changed(KindSource, itemID)
}

// reset returns to the fixture baseline, ids included.
func (s *Store) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pcg = rand.NewPCG(uint64(s.seed), uint64(s.seed)^0x9e3779b97f4a7c15)
	s.rng = rand.New(s.pcg)
	if !s.repeatable {
		s.idNonce = RunNonce()
	}
	s.idPCG = rand.NewPCG(uint64(s.seed)^s.idNonce, uint64(s.seed)^0x6a09e667f3bcc909^s.idNonce)
	s.ids = rand.New(s.idPCG)
	s.items = map[string]*product.Item{}
	s.access = map[string]string{}
	s.public = map[string]*publicToken{}
	s.clients = map[string]string{}
	s.tx = map[string]*ledger.State{}
	s.sources = map[string]ledger.Source{}
	s.procTokens = map[string]*ProcToken{}
	s.Partner = map[string]string{}
	for _, c := range s.Cat().Fixtures.Clients {
		s.clients[c.ClientID] = c.Secret
		s.Partner[c.ClientID] = c.LegacyPartner
	}
}

// newID is a 37-character alphanumeric id, as Plaid's item, account and
// transaction ids. Callers hold s.mu.
func (s *Store) newID() string {
	b := make([]byte, 37)
	for i := range b {
		b[i] = ledger.IDAlphabet[s.ids.IntN(len(ledger.IDAlphabet))]
	}
	return string(b)
}

// newUUID is a version 4 UUID drawn from the seeded generator. Callers hold s.mu.
func (s *Store) newUUID() string {
	var u uuid.UUID
	for i := 0; i < 16; i += 8 {
		v := s.ids.Uint64()
		for j := range 8 {
			u[i+j] = byte(v >> (8 * j))
		}
	}
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return u.String()
}

// uuid draws a UUID from the seeded generator.
func (s *Store) UUID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newUUID()
}

// itemByID returns a copy of an Item whoever owns it.
func (s *Store) ItemByID(id string) (product.Item, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	it, ok := s.items[id]
	if !ok {
		return product.Item{}, false
	}
	return *it, true
}

// updateItemByID runs fn on an Item under the write lock (see updateItem).
func (s *Store) UpdateItemByID(id string, fn func(*product.Item)) product.Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return product.Item{}
	}
	fn(it)
	it.Render()
	s.changed(KindItem, id)
	return *it
}

// updateItemByIDErr is updateItemByID for a change that can fail.
func (s *Store) UpdateItemByIDErr(id string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return product.Item{}, wire.New(wire.CodeItemNotFound)
	}
	err := fn(it)
	it.Render()
	s.changed(KindItem, id)
	return *it, err
}

// count is how many Items there are.
func (s *Store) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.items)
}

// clientSecret is a declared client's secret ("" when undeclared).
func (s *Store) ClientSecret(id string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.clients[id]
}

// checkClient applies the fixtures' clients list.
func (s *Store) CheckClient(id, secret string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.clients) == 0 {
		return true
	}
	want, ok := s.clients[id]
	return ok && want == secret
}

// addItem stores a new Item built by build (which may draw ids) and returns a copy.
func (s *Store) AddItem(build func(newID func() string) *product.Item) product.Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := build(s.newID)
	it.ID = s.newID()
	it.Render()
	s.items[it.ID] = it
	s.changed(KindItem, it.ID)
	s.changed(KindAccess, it.ID)
	return *it
}

// allItems returns copies of every Item, in id order.
func (s *Store) AllItems() []product.Item {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]product.Item, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, *it)
	}
	slices.SortFunc(out, func(a, b product.Item) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// itemIDFor is the Item id behind an access token, or "".
func (s *Store) ItemIDFor(tok string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.access[tok]
}

// itemFor returns a copy of the Item behind an access token of clientID.
func (s *Store) ItemFor(clientID, tok string) (product.Item, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	it := s.lookup(clientID, tok)
	if it == nil {
		return product.Item{}, wire.New(wire.CodeInvalidAccessToken)
	}
	return *it, nil
}

func (s *Store) lookup(clientID, tok string) *product.Item {
	id, ok := s.access[tok]
	if !ok {
		return nil
	}
	it := s.items[id]
	if it == nil || it.ClientID != clientID {
		return nil
	}
	return it
}

// updateItem runs fn on the stored Item under the write lock; fn must
// replace, not modify, any slice it changes. It returns a copy after fn.
func (s *Store) UpdateItem(clientID, tok string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.lookup(clientID, tok)
	if it == nil {
		return product.Item{}, wire.New(wire.CodeInvalidAccessToken)
	}
	err := fn(it)
	it.Render()
	s.changed(KindItem, it.ID)
	return *it, err
}

// removeItem deletes an Item and every token for it.
func (s *Store) RemoveItem(clientID, tok string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.lookup(clientID, tok)
	if it == nil {
		return wire.New(wire.CodeInvalidAccessToken)
	}
	s.removeLocked(it, tok)
	return nil
}

// RemoveItemByID deletes an Item whoever owns it, and every token for it
// (a Plaid user's removal takes its Items).
func (s *Store) RemoveItemByID(id string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.items[id]
	if it == nil {
		return wire.New(wire.CodeItemNotFound)
	}
	s.removeLocked(it, it.AccessToken)
	return nil
}

// removeLocked deletes it, reached by access token tok. Callers hold s.mu.
func (s *Store) removeLocked(it *product.Item, tok string) {
	delete(s.access, tok)
	delete(s.items, it.ID)
	delete(s.tx, it.ID)
	delete(s.sources, it.ID)
	s.changed(KindItem, it.ID)
	s.changed(KindAccess, it.ID)
	s.changedTx(it.ID)
	for k, pt := range s.procTokens { // /item/remove revokes every partner token
		if pt.ItemID == it.ID {
			delete(s.procTokens, k)
			s.changed(KindProc, k)
		}
	}
	for k, pt := range s.public {
		if pt.ItemID == it.ID {
			delete(s.public, k)
			s.changed(KindPublic, k)
		}
	}
}

// ensureProduct adds product p to the Item on first use when the institution
// supports it, as Plaid does; otherwise PRODUCTS_NOT_SUPPORTED. Call from
// within updateItem.
func (s *Store) EnsureProduct(it *product.Item, p string) *wire.Error {
	if it.HasProduct(p) {
		return nil
	}
	inst := s.Cat().Fixtures.Institution(it.InstitutionID)
	if inst == nil || !slices.Contains(inst.Products, p) {
		return wire.New(wire.CodeProductsNotSupported)
	}
	it.Products = sortedWith(it.Products, p)
	it.Available = slices.DeleteFunc(slices.Clone(it.Available), func(x string) bool { return x == p })
	return nil
}

func sortedWith(list []string, v string) []string {
	out := append(slices.Clone(list), v)
	slices.Sort(out)
	return slices.Compact(out)
}

// runNonce is a fresh random value mixed into the id source of a run
// without a given seed.
func RunNonce() uint64 {
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		return uint64(time.Now().UnixNano())
	}
	return binary.LittleEndian.Uint64(b[:])
}

// drawNonce draws from the id source a value that re-keys it: a rewound
// state (a snapshot restored) then goes on with ids never drawn before,
// the same ones for the same calls under a seed.
func (s *Store) DrawNonce() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ids.Uint64()
}
