package persist

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// What each kind of record holds, read for a commit.

// collectParts reads the records the parts beside the store keep.
func (s *State) collectParts(by map[string][]string, wants func(string) bool, put putFunc) error {
	if err := collectRecords(KindWebhook, wants, by, put, func() []webhooks.Saved { l, _ := s.p.Hooks.Snapshot(); return l },
		func(w webhooks.Saved) string { return w.ID }, s.p.Hooks.SavedOne); err != nil {
		return err
	}
	if err := collectRecords(KindAsset, wants, by, put, s.p.Assets.Snapshot,
		func(ar *assets.Report) string { return ar.Token }, s.p.Assets.SavedOne); err != nil {
		return err
	}
	if err := collectRecords(KindLink, wants, by, put, s.p.Link.Snapshot,
		func(lt link.Token) string { return lt.Token }, s.p.Link.Any); err != nil {
		return err
	}
	if wants(KindKeys) || len(by[KindKeys]) > 0 {
		keys, n, err := s.p.Keys.Snapshot()
		if err != nil {
			return err
		}
		if err := put(KindKeys, "", keysRecord{keys, n}, true); err != nil {
			return err
		}
	}
	if wants(KindChaos) || len(by[KindChaos]) > 0 {
		var r chaosRecord
		var err error
		if r.Scenarios, r.Active, r.Next, err = s.p.Chaos.Snapshot(); err == nil {
			r.RNG, err = s.p.Chaos.RNGState()
		}
		if err != nil {
			return err
		}
		if err := put(KindChaos, "", r, true); err != nil {
			return err
		}
	}
	for _, m := range s.p.Modules {
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
	if wants(KindProgram) || len(by[KindProgram]) > 0 {
		items, accts := s.p.Program.Snapshot()
		if err := put(KindProgram, "", programRecord{items, accts}, true); err != nil {
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
