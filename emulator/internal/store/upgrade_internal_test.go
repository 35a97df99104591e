package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// TestUpgradeItemRecord: an Item saved under --state before single
// products' data moved into extensions keeps it: Statements' months on the
// Item, Transfer's and Signal's fixture rules on its accounts; a record
// without them gains no extension.
func TestUpgradeItemRecord(t *testing.T) {
	old := []byte(`{"item":{"ID":"item-1","StatementsFrom":"2025-01-01T00:00:00Z","StatementsTo":"2025-06-01T00:00:00Z",
		"Accounts":[{"ID":"a0","Transfer":{"decline":"NSF"},"Signal":null},{"ID":"a1","Transfer":null,"Signal":{"result":"REROUTE"}}]}}`)
	var r ItemRecord
	if err := json.Unmarshal(old, &r); err != nil {
		t.Fatal(err)
	}
	if err := upgradeItemRecord(old, &r.Item); err != nil {
		t.Fatal(err)
	}
	var m struct{ From, To time.Time }
	if !r.Item.Ext.Get("statements", &m) || m.From.Month() != time.January || m.To.Month() != time.June {
		t.Fatalf("statements' months: %+v (ext %s)", m, r.Item.Ext["statements"])
	}
	if got := string(r.Item.Accounts[0].Ext["transfer"]); got != `{"decline":"NSF"}` {
		t.Errorf("account 0's transfer rule: %s", got)
	}
	if _, ok := r.Item.Accounts[0].Ext["signal"]; ok {
		t.Error("a null Signal rule became an extension")
	}
	if got := string(r.Item.Accounts[1].Ext["signal"]); got != `{"result":"REROUTE"}` {
		t.Errorf("account 1's signal rule: %s", got)
	}

	fresh := product.MustMarshal(ItemRecord{Item: product.Item{ID: "item-2", Accounts: []product.Account{{ID: "a"}}}})
	var r2 ItemRecord
	_ = json.Unmarshal(fresh, &r2)
	if err := upgradeItemRecord(fresh, &r2.Item); err != nil || r2.Item.Ext != nil || r2.Item.Accounts[0].Ext != nil {
		t.Fatalf("a new record changed: %v %+v", err, r2.Item)
	}
}
