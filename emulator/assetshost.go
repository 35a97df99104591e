package emulator

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// assetRows are the Item's transactions: its own when Transactions has
// pulled them, else a history drawn for the report from a source seeded by
// the Item (the Item and the store's sequence are left as they are).
func (s *Server) assetRows(it product.Item, days int, now time.Time) ([]ledger.Row, []string) {
	st := s.store
	rows, names, src, ready := func() ([]ledger.Row, []string, ledger.Source, bool) {
		st.mu.RLock()
		defer st.mu.RUnlock()
		if ts := st.tx[it.ID]; ts != nil && ts.Status != ledger.NotReady {
			return slices.Clone(ts.Rows), ts.Names, ledger.Source{}, true
		}
		return nil, nil, st.sources[it.ID], false
	}()
	if ready {
		return rows, names
	}
	h := fnv.New64a()
	h.Write([]byte(it.ID))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(st.seed)))
	tmp := ledger.NewState(len(it.Accounts), days, "")
	tmp.IDs.Rekey(rng.Uint64(), rng.Uint64())
	rows = st.cat().BuildHistory(tmp, product.Subtypes(it.Accounts), src, days, now, rng)
	return rows, tmp.Names
}
