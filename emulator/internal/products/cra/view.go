package cra

import (
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Pages are the dashboard's view of a user's Consumer Reports:
// GET /_emulator/cra/{user_id}. It only reads.
func (a *API) Pages() []product.Page {
	return []product.Page{{Method: http.MethodGet, Path: "/_emulator/cra/", Serve: a.serveUser}}
}

// serveUser lists the user's check reports, newest first, with their
// state now, its Cash Flow Updates subscription, and the loans and
// applications lenders registered for it.
func (a *API) serveUser(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/cra/")
	now := a.door.Now()
	reports := []map[string]any{}
	var monitoring any
	loans, apps := []Loan{}, []Application{}
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		for _, l := range a.st.Loans {
			if l.UserID == id {
				c := *l
				c.Status, c.Payments = slices.Clone(l.Status), slices.Clone(l.Payments)
				loans = append(loans, c)
			}
		}
		for _, p := range a.st.Applications {
			if p.UserID == id {
				apps = append(apps, *p)
			}
		}
		slices.SortFunc(loans, func(x, y Loan) int { return strings.Compare(x.ID, y.ID) })
		slices.SortFunc(apps, func(x, y Application) int { return strings.Compare(x.ID, y.ID) })
	}()
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		u := a.st.Users[id]
		if u == nil {
			return
		}
		for i := len(u.Reports) - 1; i >= 0; i-- {
			rep := u.Reports[i]
			state := "READY"
			switch {
			case now.Before(rep.Ready):
				state = "GENERATING"
			case rep.Failed != "":
				state = "FAILED"
			case !now.Before(rep.Created.Add(rep.ttl())):
				state = "EXPIRED"
			}
			reports = append(reports, map[string]any{"report_id": rep.ID, "created_at": product.RFC3339(rep.Created), "state": state,
				"days_requested": rep.Days, "items": len(rep.ItemIDs), "products": successful(rep.Products), "purpose": rep.Purpose})
		}
		if s := u.Monitoring; s != nil {
			monitoring = map[string]any{"subscription_id": s.ID, "item_id": s.ItemID, "updated_at": product.RFC3339(s.Updated)}
		}
	}()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"user_id": id, "check_reports": reports, "monitoring": monitoring, "loans": loans, "applications": apps})
}
