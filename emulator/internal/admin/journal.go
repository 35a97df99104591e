package admin

import (
	"net/http"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleRequestsList serves GET /_emulator/requests, oldest first, filtered
// by path, item_id, client_id, status and scenario.
func (a *API) handleRequestsList(w http.ResponseWriter, r *http.Request) {
	a.d.Journal().ServeList(w, r)
}

// handleRequestsClear serves DELETE /_emulator/requests.
func (a *API) handleRequestsClear(w http.ResponseWriter, _ *http.Request) {
	a.d.Journal().Clear()
	wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "cleared"})
}
