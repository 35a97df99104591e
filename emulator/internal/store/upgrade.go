package store

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// upgradeItemRecord reads an Item saved before single products' data moved
// into extensions (product.Ext): Statements' months on the Item, Transfer's
// and Signal's fixture rules on its accounts.
func upgradeItemRecord(v []byte, it *product.Item) error {
	if !bytes.Contains(v, []byte(`"StatementsFrom"`)) && !bytes.Contains(v, []byte(`"Transfer":`)) && !bytes.Contains(v, []byte(`"Signal":`)) {
		return nil
	}
	var old struct {
		Item struct {
			StatementsFrom, StatementsTo time.Time
			Accounts                     []struct{ Transfer, Signal json.RawMessage }
		} `json:"item"`
	}
	if err := json.Unmarshal(v, &old); err != nil {
		return err
	}
	if o := old.Item; !o.StatementsFrom.IsZero() {
		it.Ext = it.Ext.With("statements", struct{ From, To time.Time }{o.StatementsFrom, o.StatementsTo})
	}
	for i, a := range old.Item.Accounts {
		if i >= len(it.Accounts) {
			break
		}
		for name, rule := range map[string]json.RawMessage{"transfer": a.Transfer, "signal": a.Signal} {
			if len(rule) > 0 && string(rule) != "null" {
				it.Accounts[i].Ext = it.Accounts[i].Ext.With(name, rule)
			}
		}
	}
	return nil
}
