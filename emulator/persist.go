package emulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/assets"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/link"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/program"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// The state file (Options.StateFile): everything a restart must keep, as
// one JSON document. Transaction rows are packed binary (base64 in JSON).

const stateFormat = "plaid-emulator-state/1"

type stateFile struct {
	Format     string                       `json:"format"`
	SavedAt    time.Time                    `json:"saved_at"` // wall clock
	Clock      time.Time                    `json:"clock"`    // emulator clock then
	Seed       int64                        `json:"seed"`
	StoreRNG   []byte                       `json:"store_rng"`
	IDRNG      []byte                       `json:"id_rng,omitempty"` // the id source's position
	Items      []product.Item               `json:"items"`
	Assets     []*assets.Report             `json:"asset_reports,omitempty"`
	Access     map[string]string            `json:"access"`
	Public     map[string]publicSnap        `json:"public"`
	Links      []link.Token                 `json:"links"`
	Tx         map[string]txSnap            `json:"transactions"`
	Sources    map[string]sourceSnap        `json:"sources"`
	ProcTokens []procSnap                   `json:"processor_tokens"`
	Keys       []webhooks.SavedKey          `json:"webhook_keys"`
	KeyN       uint64                       `json:"webhook_key_n"`
	Webhooks   []webhooks.Saved             `json:"webhooks"`
	WebhookSeq int                          `json:"webhook_seq"`
	SentLast   map[string]webhooks.Sent     `json:"webhook_last_sent"`
	Scenarios  []scenarios.Scenario         `json:"scenarios"`
	Active     []chaos.SavedActivation      `json:"active_scenarios"`
	ChaosRNG   []byte                       `json:"chaos_rng"`
	ChaosNext  int                          `json:"chaos_next_id"`
	Program    map[string]program.SavedItem `json:"program_items"`
	Bank       []program.BankAccount        `json:"program_accounts"`
}

type publicSnap struct {
	ClientID string    `json:"client_id"`
	ItemID   string    `json:"item_id"`
	Expires  time.Time `json:"expires"`
}

type txSnap struct {
	Status     string
	Days       int
	SyncCalled bool
	Kind       string
	Rows       []byte // packed rows
	Staged     []byte
	Names      []string
	Log        []uint32
	AcctLog    [][]uint32
	LastUpdate time.Time
	Rounds     int
}

type sourceSnap struct {
	History  *fixtures.History
	Scripted [][]fixtures.Transaction
	// Recurring is per account; absent in states saved before it existed.
	Recurring [][]fixtures.Recurring `json:",omitempty"`
	Custom    [][][5]string          // transacted, posted, amount, description, currency
}

type procSnap struct {
	Token, ItemID, AccountID, Processor string
	Products                            []string
	Webhook                             *string
	SyncCalled                          bool
}

// snapshot copies the whole state. Each part is copied under its own lock.
func (s *Server) snapshot() ([]byte, error) {
	f := stateFile{Format: stateFormat, SavedAt: time.Now().UTC(), Clock: s.clock.Now(), Seed: s.opts.Seed}
	st := s.store
	st.mu.RLock()
	rng, err := st.pcg.MarshalBinary()
	if err != nil {
		st.mu.RUnlock()
		return nil, err
	}
	f.StoreRNG = rng
	if f.IDRNG, err = st.idPCG.MarshalBinary(); err != nil {
		st.mu.RUnlock()
		return nil, err
	}
	f.Access, f.Public, f.Tx, f.Sources = map[string]string{}, map[string]publicSnap{}, map[string]txSnap{}, map[string]sourceSnap{}
	for _, it := range st.items {
		f.Items = append(f.Items, *it)
	}
	for k, v := range st.access {
		f.Access[k] = v
	}
	for k, v := range st.public {
		f.Public[k] = publicSnap{v.clientID, v.itemID, v.expires}
	}
	for id, ts := range st.tx {
		f.Tx[id] = txSnap{Status: ts.Status, Days: ts.Days, SyncCalled: ts.SyncCalled, Kind: ts.Kind, Rows: ledger.PackRows(ts.Rows),
			Staged: ledger.PackRows(ts.Staged), Names: ts.Names, Log: ts.Log, AcctLog: slices.Clone(ts.AcctLog), LastUpdate: ts.LastUpdate, Rounds: ts.Rounds}
		// Rows and the logs are append-only: the slice headers taken here keep
		// their length; AcctLog is cloned, as its inner headers change on append.
	}
	for id, src := range st.sources {
		ss := sourceSnap{History: src.History, Scripted: src.Scripted, Recurring: src.Recurring}
		for _, list := range src.Custom {
			var rows [][5]string
			for _, c := range list {
				rows = append(rows, [5]string{c.Transacted, c.Posted, fmt.Sprint(c.Amount), c.Description, c.Currency})
			}
			ss.Custom = append(ss.Custom, rows)
		}
		f.Sources[id] = ss
	}
	for _, pt := range st.procTokens {
		f.ProcTokens = append(f.ProcTokens, procSnap{pt.token, pt.itemID, pt.accountID, pt.processor, pt.products, pt.webhook, pt.syncCalled})
	}
	st.mu.RUnlock()

	keys, keyN, err := s.keys.Snapshot()
	if err != nil {
		return nil, err
	}
	f.Keys, f.KeyN = keys, keyN
	f.Webhooks, f.WebhookSeq = s.hooks.Snapshot()
	f.Assets = s.assets.Snapshot()
	f.Links = s.link.Snapshot()
	f.SentLast = s.hooks.SentSnapshot()

	f.Scenarios, f.Active, f.ChaosNext, err = s.chaos.Snapshot()
	if err == nil {
		f.ChaosRNG, err = s.chaos.RNGState()
	}
	if err != nil {
		return nil, err
	}

	f.Program, f.Bank = s.program.Snapshot()
	return json.Marshal(f)
}

// restore replaces the state with a saved one.
func (s *Server) restore(data []byte) error {
	var f stateFile
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("corrupt: %w", err)
	}
	if f.Format != stateFormat {
		return fmt.Errorf("format %q is not %q (written by an incompatible version)", f.Format, stateFormat)
	}
	if f.Seed != s.opts.Seed {
		return fmt.Errorf("it was written with --seed %d, not %d", f.Seed, s.opts.Seed)
	}
	// The emulator clock goes on from where it was, plus the time the
	// process was down unless it is frozen.
	now := f.Clock
	if !s.opts.FreezeClock {
		now = now.Add(max(0, time.Since(f.SavedAt)))
	}
	s.clock.Set(now)

	st := s.store
	st.wlock()
	defer st.mu.Unlock()
	if err := st.pcg.UnmarshalBinary(f.StoreRNG); err != nil {
		return fmt.Errorf("corrupt generator state: %w", err)
	}
	ids := f.IDRNG
	if len(ids) == 0 { // written before ids had their own source: it was the one stream
		ids = f.StoreRNG
	}
	if err := st.idPCG.UnmarshalBinary(ids); err != nil {
		return fmt.Errorf("corrupt id generator state: %w", err)
	}
	// The file can lag what was answered before a crash (it is written
	// after a change, not before the answer): ids drawn after a restart come
	// from a fresh re-keying, so none repeats one handed out since the write.
	n := runNonce()
	st.idPCG.Seed(st.ids.Uint64()^n, st.ids.Uint64()^(n*0x9e3779b97f4a7c15|1))
	for i := range f.Items {
		it := f.Items[i]
		if it.Err != nil {
			it.Err.HTTPStatus = wire.New(it.Err.ErrorCode).HTTPStatus
		}
		it.Render()
		st.items[it.ID] = &it
	}
	st.access = f.Access
	for k, v := range f.Public {
		st.public[k] = &publicToken{clientID: v.ClientID, itemID: v.ItemID, expires: v.Expires}
	}
	for id, t := range f.Tx {
		rows, err := ledger.UnpackRows(t.Rows)
		if err != nil {
			return err
		}
		staged, err := ledger.UnpackRows(t.Staged)
		if err != nil {
			return err
		}
		st.tx[id] = &ledger.State{Status: t.Status, Days: t.Days, SyncCalled: t.SyncCalled, Kind: t.Kind, Rows: rows, Staged: staged,
			Names: t.Names, Log: t.Log, AcctLog: t.AcctLog, LastUpdate: t.LastUpdate, Rounds: t.Rounds}
	}
	for id, src := range f.Sources {
		ts := ledger.Source{History: src.History, Scripted: src.Scripted, Recurring: src.Recurring}
		for _, rows := range src.Custom {
			var list []ledger.CustomTxn
			for _, r := range rows {
				var amt float64
				fmt.Sscan(r[2], &amt)
				list = append(list, ledger.CustomTxn{Transacted: r[0], Posted: r[1], Amount: amt, Description: r[3], Currency: r[4]})
			}
			ts.Custom = append(ts.Custom, list)
		}
		st.sources[id] = ts
	}
	for _, p := range f.ProcTokens {
		st.procTokens[p.Token] = &procToken{token: p.Token, itemID: p.ItemID, accountID: p.AccountID, processor: p.Processor,
			products: p.Products, webhook: p.Webhook, syncCalled: p.SyncCalled}
	}

	if err := s.keys.Restore(f.Keys, f.KeyN); err != nil {
		return err
	}
	s.hooks.SetIDPrefix(fmt.Sprintf("%08x_", uint32(runNonce()))) // webhook ids after a restart never repeat, either
	s.hooks.Restore(f.Webhooks, f.WebhookSeq)
	s.assets.Restore(f.Assets)
	s.link.Restore(f.Links)
	s.hooks.RestoreSent(f.SentLast)

	s.chaos.Restore(f.Scenarios, f.Active, f.ChaosNext, f.ChaosRNG)

	s.program.Restore(f.Program, f.Bank)
	return nil
}
