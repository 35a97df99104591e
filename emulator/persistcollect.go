package emulator

import (
	"fmt"

	"maps"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
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
	if wants(kindWebhook) {
		list, _ := s.hooks.Snapshot()
		for _, w := range list {
			if err := put(kindWebhook, w.ID, w, true); err != nil {
				return err
			}
		}
	} else {
		for _, id := range by[kindWebhook] {
			w, ok := s.hooks.SavedOne(id)
			if err := put(kindWebhook, id, w, ok); err != nil {
				return err
			}
		}
	}
	if wants(kindAsset) {
		for _, ar := range s.assets.Snapshot() {
			if err := put(kindAsset, ar.Token, ar, true); err != nil {
				return err
			}
		}
	} else {
		for _, tok := range by[kindAsset] {
			ar, ok := s.assets.SavedOne(tok)
			if err := put(kindAsset, tok, ar, ok); err != nil {
				return err
			}
		}
	}
	if wants(kindLink) {
		for _, lt := range s.link.Snapshot() {
			if err := put(kindLink, lt.Token, lt, true); err != nil {
				return err
			}
		}
	} else {
		for _, tok := range by[kindLink] {
			lt, ok := s.link.Any(tok)
			if err := put(kindLink, tok, lt, ok); err != nil {
				return err
			}
		}
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
	if wants(kindTransfer) || len(by[kindTransfer]) > 0 {
		b, err := s.transfer.Snapshot()
		if err != nil {
			return err
		}
		if err := put(kindTransfer, "", b, true); err != nil {
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
