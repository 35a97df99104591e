package income

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// serveUser serves GET /_emulator/income/{user_id}: what Income keeps of
// a Plaid user, for the dashboard: its Bank Income reports (newest first,
// summed up) and its payroll Items with their processing state. A view:
// it settles nothing and sends nothing.
func (a *API) serveUser(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/income/")
	now := a.door.Now()
	reports, payroll := []map[string]any{}, []map[string]any{}
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		u := a.st.Users[id]
		if u == nil {
			return
		}
		for i := len(u.Reports) - 1; i >= 0; i-- {
			var rep reportJSON
			if json.Unmarshal(u.Reports[i].Body, &rep) != nil {
				continue
			}
			reports = append(reports, map[string]any{"bank_income_id": rep.ID, "generated_time": rep.GeneratedTime, "days_requested": rep.DaysRequested,
				"items": len(rep.Items), "income_sources_count": rep.Summary.SourcesCount, "total_amount": rep.Summary.TotalAmount, "warnings": len(rep.Warnings)})
		}
		for _, p := range u.Payroll {
			status := "PROCESSING_COMPLETE"
			switch {
			case now.Before(p.Ready):
				status = "PROCESSING"
			case p.Failed:
				status = "FAILED"
			}
			payroll = append(payroll, map[string]any{"item_id": p.ItemID, "flow": p.Flow, "status": status, "ready_at": product.RFC3339(p.Ready),
				"documents": len(p.Documents)})
		}
	}()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"user_id": id, "bank_income": reports, "payroll": payroll})
}
