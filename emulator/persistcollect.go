package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// What each kind of record holds, read for a commit.

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
