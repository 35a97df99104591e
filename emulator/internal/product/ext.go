package product

import (
	"encoding/json"
	"maps"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Ext is what one product keeps on an Item or an account for itself
// (Statements' months, Transfer's and Signal's fixture rules), keyed by
// the module's Name, as JSON: the shared model never grows a field for
// one product, and --state keeps the data without knowing it. A stored
// Ext is never changed in place: With makes a new one.
type Ext map[string]json.RawMessage

// Get decodes the product's data into v; false when there is none.
func (e Ext) Get(name string, v any) bool {
	raw, ok := e[name]
	return ok && json.Unmarshal(raw, v) == nil
}

// With is a copy of e holding v as the product's data.
func (e Ext) With(name string, v any) Ext {
	out := maps.Clone(e)
	if out == nil {
		out = Ext{}
	}
	out[name] = MustMarshal(v)
	return out
}

// AccountExtender is a module that keeps data of its own on accounts,
// taken from the fixture account when an Item is made: AccountExt is that
// data (nil: none for this account).
type AccountExtender interface {
	AccountExt(a *fixtures.Account) any
}

// ItemExtender is a module that keeps data of its own on an Item, from
// the options of the call that made it (options by key, as sent):
// ItemExt is that data (nil: none) or the error that refuses the Item.
type ItemExtender interface {
	ItemExt(options map[string]json.RawMessage, now time.Time) (any, *wire.Error)
}
