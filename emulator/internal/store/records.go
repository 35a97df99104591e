package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The store's --state records, by kind and id. An Item's access token is
// a record of its own, so that an exchange does not rewrite the Item.
const (
	KindItem   = "item"
	KindAccess = "access_token" // by Item id: exchanges and rotations write only this
	KindTx     = "transactions"
	KindSource = "transactions_source"
	KindPublic = "public_token"
	KindProc   = "processor_token"
)

// Put writes one record (ok false: the record is gone).
type Put func(kind, id string, v any, ok bool) error

// ItemRecord is an Item as --state keeps it (its access token is a record
// of its own), with its last webhook (item.status).
type ItemRecord struct {
	Item        product.Item   `json:"item"`
	LastWebhook *webhooks.Sent `json:"last_webhook,omitempty"`
}

type publicSnap struct {
	ClientID string    `json:"client_id"`
	ItemID   string    `json:"item_id"`
	Expires  time.Time `json:"expires"`
}

type sourceSnap struct {
	History   *fixtures.History
	Scripted  [][]fixtures.Transaction
	Recurring [][]fixtures.Recurring `json:",omitempty"`
	Custom    [][][5]string          // transacted, posted, amount, description, currency
}

type procSnap struct {
	Token, ItemID, AccountID, Processor string
	Products                            []string
	Webhook                             *string
	SyncCalled                          bool
	ClientID, Partner                   string
}

// Saved is the store's part of a state read back, record by record (Add
// is safe for concurrent use).
type Saved struct {
	mu      sync.Mutex
	items   []ItemRecord
	public  map[string]publicSnap
	access  map[string]string // item id → access token
	tx      map[string]*ledger.State
	sources map[string]sourceSnap
	procs   []procSnap
}

// NewSaved is an empty Saved.
func NewSaved() *Saved {
	return &Saved{public: map[string]publicSnap{}, access: map[string]string{}, tx: map[string]*ledger.State{}, sources: map[string]sourceSnap{}}
}

// Add decodes one record of the store's kinds; false for another kind.
func (f *Saved) Add(kind, id string, v []byte) (bool, error) {
	var into func()
	var err error
	switch kind {
	case KindItem:
		var r ItemRecord
		err, into = json.Unmarshal(v, &r), func() { f.items = append(f.items, r) }
		if err == nil {
			err = upgradeItemRecord(v, &r.Item)
		}
	case KindAccess:
		into = func() { f.access[id] = string(v) }
	case KindTx:
		var ts *ledger.State
		ts, err = ledger.DecodeState(v)
		into = func() { f.tx[id] = ts }
	case KindSource:
		var r sourceSnap
		err, into = json.Unmarshal(v, &r), func() { f.sources[id] = r }
	case KindPublic:
		var r publicSnap
		err, into = json.Unmarshal(v, &r), func() { f.public[id] = r }
	case KindProc:
		var r procSnap
		err, into = json.Unmarshal(v, &r), func() { f.procs = append(f.procs, r) }
	default:
		return false, nil
	}
	if err != nil {
		return true, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	into()
	return true, nil
}

// Items counts the Items saved.
func (f *Saved) Items() int { return len(f.items) }

// RNG is the positions of the store's data and id sources (saved with
// every commit).
func (st *Store) RNG() (data, ids []byte, err error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if data, err = st.pcg.MarshalBinary(); err == nil {
		ids, err = st.idPCG.MarshalBinary()
	}
	return data, ids, err
}

// Restore puts a saved store back in place of this one's contents (which
// a reset emptied): the sources at their saved positions, the id source
// re-keyed by nonce so that no id handed out before is handed out again.
// It returns the Items' last webhooks.
func (st *Store) Restore(f *Saved, dataRNG, idRNG []byte, nonce uint64) (map[string]webhooks.Sent, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.pcg.UnmarshalBinary(dataRNG); err != nil {
		return nil, fmt.Errorf("corrupt generator state: %w", err)
	}
	if err := st.idPCG.UnmarshalBinary(idRNG); err != nil {
		return nil, fmt.Errorf("corrupt id generator state: %w", err)
	}
	st.idPCG.Seed(st.ids.Uint64()^nonce, st.ids.Uint64()^(nonce*0x9e3779b97f4a7c15|1))
	var sent map[string]webhooks.Sent
	for i := range f.items {
		it := f.items[i].Item
		it.AccessToken = f.access[it.ID]
		if it.Err != nil {
			it.Err.HTTPStatus = wire.New(it.Err.ErrorCode).HTTPStatus
		}
		it.Render()
		st.items[it.ID] = &it
		if it.AccessToken != "" {
			st.access[it.AccessToken] = it.ID
		}
		if w := f.items[i].LastWebhook; w != nil {
			if sent == nil {
				sent = map[string]webhooks.Sent{}
			}
			sent[it.ID] = *w
		}
	}
	for k, v := range f.public {
		st.public[k] = &publicToken{ClientID: v.ClientID, ItemID: v.ItemID, expires: v.Expires}
	}
	for id, ts := range f.tx {
		if st.items[id] != nil {
			ts.IDs.Rekey(st.ids.Uint64(), st.ids.Uint64()) // its new rows' ids, too
			st.tx[id] = ts
		}
	}
	for id, src := range f.sources {
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
	for _, p := range f.procs {
		st.procTokens[p.Token] = &ProcToken{Token: p.Token, ItemID: p.ItemID, AccountID: p.AccountID, Processor: p.Processor,
			Products: p.Products, Webhook: p.Webhook, SyncCalled: p.SyncCalled, ClientID: p.ClientID, Partner: p.Partner}
	}
	return sent, nil
}

// Collect writes the store's records: every one of a kind wants names,
// else those by names by kind (changed since the last commit).
func (st *Store) Collect(by map[string][]string, wants func(string) bool, put Put, lastWebhook func(itemID string) *webhooks.Sent) error {
	st.mu.RLock()
	defer st.mu.RUnlock()
	ids := func(kind string, all func() []string) []string {
		if wants(kind) {
			return all()
		}
		return by[kind]
	}
	for _, id := range ids(KindItem, func() []string { return slices.Collect(maps.Keys(st.items)) }) {
		it, ok := st.items[id]
		var rec ItemRecord
		if ok {
			rec = ItemRecord{Item: *it, LastWebhook: lastWebhook(id)}
			rec.Item.AccessToken = "" // its own record
		}
		if err := put(KindItem, id, rec, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(KindAccess, func() []string { return slices.Collect(maps.Keys(st.items)) }) {
		it, ok := st.items[id]
		ok = ok && it.AccessToken != ""
		var tok []byte
		if ok {
			tok = []byte(it.AccessToken)
		}
		if err := put(KindAccess, id, tok, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(KindTx, func() []string { return slices.Collect(maps.Keys(st.tx)) }) {
		ts, ok := st.tx[id]
		var v []byte
		if ok {
			v = ledger.EncodeState(ts)
		}
		if err := put(KindTx, id, v, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(KindSource, func() []string { return slices.Collect(maps.Keys(st.sources)) }) {
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
		if err := put(KindSource, id, ss, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(KindPublic, func() []string { return slices.Collect(maps.Keys(st.public)) }) {
		pt, ok := st.public[id]
		var v publicSnap
		if ok {
			v = publicSnap{pt.ClientID, pt.ItemID, pt.expires}
		}
		if err := put(KindPublic, id, v, ok); err != nil {
			return err
		}
	}
	for _, id := range ids(KindProc, func() []string { return slices.Collect(maps.Keys(st.procTokens)) }) {
		pt, ok := st.procTokens[id]
		var v procSnap
		if ok {
			v = procSnap{pt.Token, pt.ItemID, pt.AccountID, pt.Processor, pt.Products, pt.Webhook, pt.SyncCalled, pt.ClientID, pt.Partner}
		}
		if err := put(KindProc, id, v, ok); err != nil {
			return err
		}
	}
	return nil
}
