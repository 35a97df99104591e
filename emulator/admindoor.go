package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/admin"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// adminDoor is the emulator as its admin API (internal/admin) reaches it.
type adminDoor struct{ s *Server }

var _ admin.Door = adminDoor{}

func (d adminDoor) ItemCount() int                        { return d.s.store.Count() }
func (d adminDoor) Reset()                                { d.s.Reset() }
func (d adminDoor) ResetClient(clientID string)           { d.s.ResetClient(clientID) }
func (d adminDoor) Hooks() *webhooks.Dispatcher           { return d.s.hooks }
func (d adminDoor) Keys() *webhooks.Keyring               { return d.s.keys }
func (d adminDoor) Chaos() *chaos.Engine                  { return d.s.chaos }
func (d adminDoor) Journal() *chaos.Journal               { return d.s.journal }
func (d adminDoor) Now() time.Time                        { return d.s.clock.Now() }
func (d adminDoor) Frozen() bool                          { return d.s.clock.Frozen() }
func (d adminDoor) Freeze(frozen bool)                    { d.s.clock.Freeze(frozen) }
func (d adminDoor) Item(id string) (product.Item, bool)   { return d.s.store.ItemByID(id) }
func (d adminDoor) Triggers() []product.Trigger           { return d.s.triggers() }
func (d adminDoor) ItemUser(itemID string) (string, bool) { return d.s.users.UserOfItem(itemID) }
func (d adminDoor) PlaidPaths() []string                  { return d.s.PlaidPaths() }

func (d adminDoor) ItemPage(q string, offset, count int) (any, int) {
	return d.s.store.ItemPage(q, offset, count)
}

func (d adminDoor) CallAdmin(path string, body map[string]any) (int, []byte) {
	b, _ := json.Marshal(body) // a map of JSON values always marshals
	h := http.Header{"User-Agent": {"plaid-emulator dashboard"}}
	if t := d.s.opts.AdminToken; t != "" {
		h.Set("Authorization", "Bearer "+t)
	}
	return serveInProcess(context.WithValue(context.Background(), viaKey{}, "dashboard"), d.s.handler, path, b, h)
}

func (d adminDoor) CallAsItem(itemID, path string, body map[string]any, withToken bool) (int, []byte, bool) {
	return d.s.callAsItem(itemID, path, body, withToken)
}

// ItemTransactions are the Item's live rows, newest first, as
// /transactions/get shows them: a view that adds no product and makes no
// journal entry.
func (d adminDoor) ItemTransactions(it product.Item, offset, count int) ([]byte, bool) {
	resp, err := d.s.transactions.GetCore(it, false, nil, "1900-01-01", "2999-12-31", &count, &offset, nil)
	if err != nil {
		return nil, false
	}
	return resp.AppendJSON(nil, ""), true
}

// MoveClock moves the clock and all it brings (ageing, postings,
// scheduled updates, their webhooks) as one commit under --state: a kill
// keeps all or none.
func (d adminDoor) MoveClock(by time.Duration, at time.Time) {
	s := d.s
	s.atomically(func() {
		if at.IsZero() {
			s.clock.Advance(by)
		} else {
			s.clock.Set(at)
		}
		s.ageAll()
		s.postAllDue()
		s.runScheduled()
	})
}

func (d adminDoor) SaveSnapshot(name string) (SnapshotInfo, error) { return d.s.SaveSnapshot(name) }
func (d adminDoor) RestoreSnapshot(name string) (SnapshotInfo, error) {
	return d.s.RestoreSnapshot(name)
}
func (d adminDoor) DeleteSnapshot(name string) error { return d.s.DeleteSnapshot(name) }
func (d adminDoor) Snapshots() []SnapshotInfo        { return d.s.Snapshots() }

func (d adminDoor) LoadFixtures(name string, data []byte) (any, error) {
	return d.s.LoadFixtures(name, data)
}

// triggers are every module's (product.Triggerer), in the list's order.
func (s *Server) triggers() []product.Trigger {
	var out []product.Trigger
	for _, m := range s.modules {
		if t, ok := m.(product.Triggerer); ok {
			out = append(out, t.Triggers()...)
		}
	}
	return out
}
