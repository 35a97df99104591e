package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

type itemSummary struct {
	ItemID          string   `json:"item_id"`
	ClientID        string   `json:"client_id"`
	InstitutionID   string   `json:"institution_id"`
	InstitutionName string   `json:"institution_name"`
	Username        string   `json:"username"`
	Status          string   `json:"status"` // HEALTHY or the Item's error code
	Products        []string `json:"products"`
	Accounts        int      `json:"accounts"`
	CreatedAt       string   `json:"created_at"`
}

// itemPage is the Items matching q (in id, client, bank or user, case
// folded), newest first, count of them from offset, and how many match.
func (s *Store) ItemPage(q string, offset, count int) ([]itemSummary, int) {
	q = strings.ToLower(q)
	s.mu.RLock()
	defer s.mu.RUnlock()
	// Newest first: sorted on a key made once per Item (its creation time,
	// then its id), not on the Items themselves, so that a page of 10,000
	// costs a sort of small values.
	type key struct {
		sec  int64
		nsec int
		id   string
		it   *product.Item
	}
	matched := make([]key, 0, len(s.items))
	for _, it := range s.items {
		if q == "" || strings.Contains(strings.ToLower(it.ID+" "+it.ClientID+" "+it.InstitutionName+" "+it.InstitutionID+" "+it.Username), q) {
			matched = append(matched, key{it.CreatedAt.Unix(), it.CreatedAt.Nanosecond(), it.ID, it})
		}
	}
	slices.SortFunc(matched, func(a, b key) int {
		return cmp.Or(cmp.Compare(b.sec, a.sec), cmp.Compare(b.nsec, a.nsec), strings.Compare(b.id, a.id))
	})
	total := len(matched)
	out := []itemSummary{}
	from := min(offset, total)
	for _, k := range matched[from : from+min(count, total-from)] {
		it := k.it
		st := "HEALTHY"
		if it.Err != nil {
			st = it.Err.ErrorCode
		}
		out = append(out, itemSummary{ItemID: it.ID, ClientID: it.ClientID, InstitutionID: it.InstitutionID, InstitutionName: it.InstitutionName,
			Username: it.Username, Status: st, Products: product.NonNil(it.Products), Accounts: len(it.Accounts), CreatedAt: product.RFC3339(it.CreatedAt)})
	}
	return out, total
}
