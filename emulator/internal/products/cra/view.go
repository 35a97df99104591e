package cra

import (
	"net/http"
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
// state now, and its Cash Flow Updates subscription.
func (a *API) serveUser(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/cra/")
	now := a.door.Now()
	reports := []map[string]any{}
	var monitoring any
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
			case !now.Before(rep.Created.Add(reportTTL)):
				state = "EXPIRED"
			}
			reports = append(reports, map[string]any{"report_id": rep.ID, "created_at": product.RFC3339(rep.Created), "state": state,
				"days_requested": rep.Days, "items": len(rep.ItemIDs), "products": successful(rep.Products), "purpose": rep.Purpose})
		}
		if s := u.Monitoring; s != nil {
			monitoring = map[string]any{"subscription_id": s.ID, "item_id": s.ItemID, "updated_at": product.RFC3339(s.Updated)}
		}
	}()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"user_id": id, "check_reports": reports, "monitoring": monitoring})
}
