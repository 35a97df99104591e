package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// With 10,000 Items the dashboard's first page (its HTML and the first
// 50 Items, newest first) takes at most 100 ms of server time.
func TestDashboardFirstPageWith10000Items(t *testing.T) {
	s, err := New(Options{Fixtures: fixtures.Default(), Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		s.store.AddItem(func(newID func() string) *product.Item {
			return &product.Item{ClientID: fmt.Sprintf("client-%d", i%7), InstitutionID: "ins_109508", InstitutionName: "First Platypus Bank",
				Username: "user_good", Products: []string{"transactions"}, CreatedAt: t0.Add(time.Duration(i) * time.Second)}
		})
	}
	h := s.Handler()
	var took []time.Duration
	for range 5 {
		start := time.Now()
		for _, path := range []string{"/", "/_emulator/items?count=50"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != 200 {
				t.Fatalf("%s: %d", path, rec.Code)
			}
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("first page with 10,000 Items: median %v (min %v, max %v)", took[2], took[0], took[4])
	if took[2] > 100*time.Millisecond {
		t.Fatalf("the first page took %v (median of 5), over 100 ms", took[2])
	}
	items, total := s.store.ItemPage("", 0, 50)
	if total != 10000 || len(items) != 50 || items[0].CreatedAt != "2026-01-01T02:46:39Z" {
		t.Fatalf("page: %d of %d, first %+v", len(items), total, items[0])
	}
	if found, n := s.store.ItemPage("client-3", 0, 500); n != 1429 || len(found) != 500 || found[0].ClientID != "client-3" {
		t.Fatalf("search client-3: %d of %d", len(found), n)
	}
}
