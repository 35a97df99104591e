package emulator

import (
	"fmt"

	"maps"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// What each kind of record holds, read for a commit.

// collectStore reads the store's records under one read lock, so that an
// Item, its transactions and its tokens are written as of one moment.
func (s *Server) collectStore(by map[string][]string, wants func(string) bool, put putFunc) error {
	st := s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	ids := func(kind string, all func() []string) []string {
		if wants(kind) {
			return all()
		}
		return by[kind]
	}
	for _, id := range ids(kindItem, func() []string { return slices.Collect(maps.Keys(st.items)) }) {
		it, ok := st.items[id]
		var rec itemRecord
		if ok {
			rec = itemRecord{Item: *it, LastWebhook: s.sentOf(id)}
			rec.Item.AccessToken = "" // its own record
		}
		if err := put(kindItem, id, rec, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(kindAccess, func() []string { return slices.Collect(maps.Keys(st.items)) }) {
		it, ok := st.items[id]
		ok = ok && it.AccessToken != ""
		var tok []byte
		if ok {
			tok = []byte(it.AccessToken)
		}
		if err := put(kindAccess, id, tok, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(kindTx, func() []string { return slices.Collect(maps.Keys(st.tx)) }) {
		ts, ok := st.tx[id]
		var v []byte
		if ok {
			v = ledger.EncodeState(ts)
		}
		if err := put(kindTx, id, v, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(kindSource, func() []string { return slices.Collect(maps.Keys(st.sources)) }) {
		src, ok := st.sources[id]
		var ss sourceSnap
		if ok {
			ss = sourceSnap{History: src.History, Scripted: src.Scripted, Recurring: src.Recurring}
			for _, list := range src.Custom {
				var rows [][5]string
				for _, c := range list {
					rows = append(rows, [5]string{c.Transacted, c.Posted, fmt.Sprint(c.Amount), c.Description, c.Currency})
				}
				ss.Custom = append(ss.Custom, rows)
			}
		}
		if err := put(kindSource, id, ss, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(kindPublic, func() []string { return slices.Collect(maps.Keys(st.public)) }) {
		pt, ok := st.public[id]
		var v publicSnap
		if ok {
			v = publicSnap{pt.clientID, pt.itemID, pt.expires}
		}
		if err := put(kindPublic, id, v, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(kindProc, func() []string { return slices.Collect(maps.Keys(st.procTokens)) }) {
		pt, ok := st.procTokens[id]
		var v procSnap
		if ok {
			v = procSnap{pt.token, pt.itemID, pt.accountID, pt.processor, pt.products, pt.webhook, pt.syncCalled, pt.clientID, pt.partner}
		}
		if err := put(kindProc, id, v, ok); err != nil {
			return err
		}
	}
	return nil
}

// collectParts reads the records the parts beside the store keep.
func (s *Server) collectParts(by map[string][]string, wants func(string) bool, put putFunc) error {
	if err := collectRecords(kindWebhook, wants, by, put, func() []webhooks.Saved { l, _ := s.hooks.Snapshot(); return l },
		func(w webhooks.Saved) string { return w.ID }, s.hooks.SavedOne); err != nil {
		return err
	}
	if err := collectRecords(kindAsset, wants, by, put, s.assets.Snapshot,
		func(ar *assets.Report) string { return ar.Token }, s.assets.SavedOne); err != nil {
		return err
	}
	if err := collectRecords(kindLink, wants, by, put, s.link.Snapshot,
		func(lt link.Token) string { return lt.Token }, s.link.Any); err != nil {
		return err
	}
	if wants(kindKeys) || len(by[kindKeys]) > 0 {
		keys, n, err := s.keys.Snapshot()
		if err != nil {
			return err
		}
		if err := put(kindKeys, "", keysRecord{keys, n}, true); err != nil {
			return err
		}
	}
	if wants(kindChaos) || len(by[kindChaos]) > 0 {
		var r chaosRecord
		var err error
		if r.Scenarios, r.Active, r.Next, err = s.chaos.Snapshot(); err == nil {
			r.RNG, err = s.chaos.RNGState()
		}
		if err != nil {
			return err
		}
		if err := put(kindChaos, "", r, true); err != nil {
			return err
		}
	}
	for _, m := range s.modules {
		p, ok := m.(product.Persister)
		if !ok || (!wants(m.Name()) && len(by[m.Name()]) == 0) {
			continue
		}
		b, err := p.Snapshot()
		if err != nil {
			return err
		}
		if err := put(m.Name(), "", b, true); err != nil {
			return err
		}
	}
	if wants(kindProgram) || len(by[kindProgram]) > 0 {
		items, accts := s.program.Snapshot()
		if err := put(kindProgram, "", programRecord{items, accts}, true); err != nil {
			return err
		}
	}
	return nil
}

// collectRecords puts the records of a part that keeps one per id: all of
// them when the kind is wanted whole, else those marked (by[kind]), each
// as one finds it (gone: a deletion).
func collectRecords[T any](kind string, wants func(string) bool, by map[string][]string, put putFunc,
	all func() []T, idOf func(T) string, one func(string) (T, bool)) error {
	if wants(kind) {
		for _, v := range all() {
			if err := put(kind, idOf(v), v, true); err != nil {
				return err
			}
		}
		return nil
	}
	for _, id := range by[kind] {
		v, ok := one(id)
		if err := put(kind, id, v, ok); err != nil {
			return err
		}
	}
	return nil
}
