package product

import (
	"encoding/json"
	"slices"
	"testing"
)

type keptItem struct{ ID, Client string }

func (k *keptItem) Owner() (string, string) { return k.ID, k.Client }

// TestKept: a client past the bound loses its oldest entry, not another
// client's; the bound holds after a restore (the counts are derived);
// Forget removes one client's entries; Newest goes newest first.
func TestKept(t *testing.T) {
	var k Kept[*keptItem]
	k.Fill()
	k.Add(&keptItem{"a1", "a"}, 2)
	k.Add(&keptItem{"b1", "b"}, 2)
	k.Add(&keptItem{"a2", "a"}, 2)
	k.Add(&keptItem{"a3", "a"}, 2)
	if !slices.Equal(k.Order, []string{"b1", "a2", "a3"}) || k.ByID["a1"] != nil {
		t.Fatalf("after a's third: %v", k.Order)
	}
	raw, _ := json.Marshal(k)
	var back Kept[*keptItem]
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	back.Fill()
	back.Add(&keptItem{"a4", "a"}, 2)
	var newest []string
	for v := range back.Newest() {
		newest = append(newest, v.ID)
	}
	if !slices.Equal(newest, []string{"a4", "a3", "b1"}) {
		t.Fatalf("restored, then a's fourth: %v", newest)
	}
	back.Forget("a")
	if !slices.Equal(back.Order, []string{"b1"}) || len(back.ByID) != 1 {
		t.Fatalf("after forgetting a: %v", back.Order)
	}
}
