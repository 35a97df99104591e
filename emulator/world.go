package emulator

import (
	"sync"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The immutable world: a fixture set filled in for a seed, with the
// merchant catalogue rendered from it. It is built once per fixture set
// and seed and shared by every Server made from them, so a Server costs
// what a fresh store costs, not what parsing the world costs. A fixture set
// must not change after it is given to New.

// defaultFixtures is fixtures.Default(), parsed once; Servers only read it.
var defaultFixtures = sync.OnceValue(fixtures.Default)

type worldKey struct {
	set  *fixtures.Set
	seed int64
}

// maxWorlds bounds the cache; past it, the cache starts over (worlds are
// rebuilt on demand, so this bounds memory, never correctness).
const maxWorlds = 64

// worlds caches built worlds. It only ever holds values that never change,
// so sharing it cannot couple one Server's state to another's.
var worlds = struct {
	sync.Mutex
	m map[worldKey]*ledger.Catalog
}{m: map[worldKey]*ledger.Catalog{}}

// worldFor is the catalogue for set filled in with seed, built on first use.
func worldFor(set *fixtures.Set, seed int64) (*ledger.Catalog, error) {
	k := worldKey{set, seed}
	cat, ok := func() (*ledger.Catalog, bool) {
		worlds.Lock()
		defer worlds.Unlock()
		cat, ok := worlds.m[k]
		return cat, ok
	}()
	if ok {
		return cat, nil
	}
	cat, err := ledger.NewCatalog(set.Filled(seed))
	if err != nil {
		return nil, err
	}
	worlds.Lock()
	defer worlds.Unlock()
	if len(worlds.m) >= maxWorlds {
		clear(worlds.m)
	}
	worlds.m[k] = cat
	return cat, nil
}
