package persist

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/program"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/statedb"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/store"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// The records of the --state database (Options.StateFile): one per Item,
// per Item's transactions, per token, per webhook, per asset report and
// link token, and one each for the keys, the scenarios, the Program API,
// each product module that is a product.Persister (named by the module:
// Transfer's is "transfer") and the rest (meta). Values are JSON but for transactions, which are
// ledger.EncodeState's compact rows. An Item's access token is a record
// of its own, so that an exchange does not rewrite the Item.

const (
	KindMeta    = "meta"
	KindItem    = store.KindItem // and the store's other kinds (store.Kind*)
	KindKeys    = "webhook_keys"
	KindWebhook = "webhook"
	KindAsset   = "asset_report"
	KindLink    = "link_token"
	KindChaos   = "scenarios"
	KindProgram = "program"
)

// metaRecord is what goes with every commit.
type metaRecord struct {
	SavedAt    time.Time `json:"saved_at"` // wall clock
	Clock      time.Time `json:"clock"`    // emulator clock then
	Seed       int64     `json:"seed"`
	StoreRNG   []byte    `json:"store_rng"`
	IDRNG      []byte    `json:"id_rng"` // the id source's position
	WebhookSeq int       `json:"webhook_seq"`
}

type keysRecord struct {
	Keys []webhooks.SavedKey `json:"keys"`
	N    uint64              `json:"n"`
}

type chaosRecord struct {
	Scenarios []scenarios.Scenario    `json:"scenarios"`
	Active    []chaos.SavedActivation `json:"active"`
	Next      int                     `json:"next_id"`
	RNG       []byte                  `json:"rng"`
}

type programRecord struct {
	Items    map[string]program.SavedItem `json:"items"`
	Accounts []program.BankAccount        `json:"accounts"`
}

// saved is the whole state read back from the database.
type saved struct {
	mu       sync.Mutex
	meta     *metaRecord
	store    *store.Saved
	keys     keysRecord
	webhooks []webhooks.Saved
	assets   []*assets.Report
	links    []link.Token
	chaos    chaosRecord
	program  programRecord
	modules  map[string][]byte // a Persister module's record, by its name
	// persisted are the names of the Persister modules (read only).
	persisted map[string]bool
	snaps     []*savedSnapshot
	fixtures  map[string]FixtureDoc
}

// newSaved is an empty saved state that takes the records of this
// Server's Persister modules too.
func (s *State) newSaved() *saved {
	f := &saved{store: store.NewSaved(), modules: map[string][]byte{}, persisted: map[string]bool{}}
	for _, m := range s.p.Modules {
		if _, ok := m.(product.Persister); ok {
			f.persisted[m.Name()] = true
		}
	}
	return f
}

// add decodes one record into f; safe for concurrent use (statedb.Each
// decodes on every processor).
func (f *saved) add(kind, id string, v []byte) error {
	if ok, err := f.store.Add(kind, id, v); ok {
		return err
	}
	var into func()
	var err error
	switch kind {
	case KindMeta:
		m := new(metaRecord)
		err, into = json.Unmarshal(v, m), func() { f.meta = m }
	case KindKeys:
		var r keysRecord
		err, into = json.Unmarshal(v, &r), func() { f.keys = r }
	case KindWebhook:
		var r webhooks.Saved
		err, into = json.Unmarshal(v, &r), func() { f.webhooks = append(f.webhooks, r) }
	case KindAsset:
		r := new(assets.Report)
		err, into = json.Unmarshal(v, r), func() { f.assets = append(f.assets, r) }
	case KindLink:
		var r link.Token
		err, into = json.Unmarshal(v, &r), func() { f.links = append(f.links, r) }
	case KindChaos:
		var r chaosRecord
		err, into = json.Unmarshal(v, &r), func() { f.chaos = r }
	case KindProgram:
		var r programRecord
		err, into = json.Unmarshal(v, &r), func() { f.program = r }
	case KindFixtures:
		var d FixtureDoc
		err, into = json.Unmarshal(v, &d), func() {
			if f.fixtures == nil {
				f.fixtures = map[string]FixtureDoc{}
			}
			f.fixtures[id] = d
		}
	case KindSnapshot:
		blob := bytes.Clone(v)
		var info SnapshotInfo
		_, err = statedb.BundleHead(blob, &info)
		into = func() { f.snaps = append(f.snaps, &savedSnapshot{info, blob}) }
	default:
		if !f.persisted[kind] {
			return fmt.Errorf("unknown kind of record (written by a newer version?)")
		}
		into = func() { f.modules[kind] = v }
	}
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	into()
	return nil
}

// webhookOrder is a webhook id's sequence number: the log's order.
func webhookOrder(id string) int {
	n, _ := strconv.Atoi(id[strings.LastIndexByte(id, '_')+1:])
	return n
}

// restoreHow says whose restore it is: a restart's (the zero value) or a
// named snapshot's, which puts the clock back to the snapshot's time
// exactly and keeps every counter at least where it is now, so that no id
// answered before the restore is handed out again.
type restoreHow struct {
	snapshot  bool
	nonce     uint64 // re-keys the id sources (a restart: a fresh one)
	hookSeq   int    // the webhook sequence now
	chaosNext int    // the last scenario activation id now
}

// restore replaces the state with a saved one.
func (s *State) restore(f *saved, how restoreHow) error {
	if f.meta == nil {
		return fmt.Errorf("no meta record: not written by plaid-emulator")
	}
	if f.meta.Seed != s.cfg.Seed {
		return fmt.Errorf("it was written with --seed %d, not %d", f.meta.Seed, s.cfg.Seed)
	}
	if err := s.d.ReloadFixtures(f.fixtures); err != nil {
		return err
	}
	// The emulator clock goes on from where it was, plus the time the
	// process was down unless it is frozen.
	now := f.meta.Clock
	if !s.cfg.FreezeClock && !how.snapshot {
		now = now.Add(max(0, time.Since(f.meta.SavedAt)))
	}
	s.d.SetClock(now)

	// Ids drawn after a restart come from a fresh re-keying, so that none
	// repeats one handed out before, whatever the last commit held.
	n := how.nonce
	if !how.snapshot {
		n = store.RunNonce()
	}
	sent, err := s.p.Store.Restore(f.store, f.meta.StoreRNG, f.meta.IDRNG, n)
	if err != nil {
		return err
	}

	if err := s.p.Keys.Restore(f.keys.Keys, f.keys.N); err != nil {
		return err
	}
	slices.SortFunc(f.webhooks, func(a, b webhooks.Saved) int { return cmp.Compare(webhookOrder(a.ID), webhookOrder(b.ID)) })
	s.p.Hooks.SetIDPrefix(fmt.Sprintf("%08x_", uint32(n>>32))) // webhook ids after a restart never repeat, either
	seq := max(f.meta.WebhookSeq, how.hookSeq)
	if n := len(f.webhooks); n > 0 {
		seq = max(seq, webhookOrder(f.webhooks[n-1].ID))
	}
	s.p.Hooks.Restore(f.webhooks, seq)
	s.p.Assets.Restore(f.assets)
	s.p.Link.Restore(f.links)
	s.p.Hooks.RestoreSent(sent)
	s.p.Chaos.Restore(f.chaos.Scenarios, f.chaos.Active, max(f.chaos.Next, how.chaosNext), f.chaos.RNG)
	s.p.Program.Restore(f.program.Items, f.program.Accounts)
	for _, v := range f.snaps {
		s.snaps.put(v)
	}
	for _, m := range s.p.Modules {
		p, ok := m.(product.Persister)
		data := f.modules[m.Name()]
		if !ok || data == nil {
			continue
		}
		rs := p.Restore
		if how.snapshot {
			rs = p.Rewind
		}
		if err := rs(data); err != nil {
			return fmt.Errorf("%s record: %w", m.Name(), err)
		}
	}
	return nil
}
