package admin

import (
	"net/http"

	"github.com/gorilla/mux"
)

// Register adds the admin API's routes, one line each, and the
// dashboard's pages to r, a router built once for every emulator: of
// finds a request's API (in its context).
func Register(r *mux.Router, of func(*http.Request) *API) {
	on := func(f func(*API, http.ResponseWriter, *http.Request)) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) { f(of(req), w, req) }
	}
	r.HandleFunc("/_emulator/health", on((*API).handleHealth)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/coverage", on((*API).handleCoverage)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/reset", on((*API).handleReset)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/webhooks", on((*API).handleWebhooksList)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/webhooks", on((*API).handleWebhooksClear)).Methods(http.MethodDelete)
	r.HandleFunc("/_emulator/webhooks/{id}/redeliver", on((*API).handleWebhookRedeliver)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/webhook_keys/rotate", on((*API).handleWebhookKeysRotate)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/webhooks/stream", on((*API).handleWebhooksStream)).Methods(http.MethodGet)

	r.HandleFunc("/_emulator/items", on((*API).handleItemsList)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/items/{item_id}", on((*API).handleEmulatorItem)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/items/{item_id}/call", on((*API).handleItemCall)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/items/{item_id}/transactions", on((*API).handleItemTransactions)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/triggers", on((*API).handleTriggersList)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/trigger", on((*API).handleTrigger)).Methods(http.MethodPost)

	r.HandleFunc("/_emulator/clock", on((*API).handleClockGet)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/clock", on((*API).handleClockPost)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/scenarios", on((*API).handleScenariosList)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/scenarios", on((*API).handleScenariosPost)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/scenarios", on((*API).handleScenariosDelete)).Methods(http.MethodDelete)
	r.HandleFunc("/_emulator/requests", on((*API).handleRequestsList)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/requests", on((*API).handleRequestsClear)).Methods(http.MethodDelete)
	r.HandleFunc("/_emulator/fixtures", on((*API).handleFixturesLoad)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/snapshots", on((*API).handleSnapshotsList)).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/snapshots", on((*API).handleSnapshotSave)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/snapshots/{name}/restore", on((*API).handleSnapshotRestore)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/snapshots/{name}", on((*API).handleSnapshotDelete)).Methods(http.MethodDelete)

	r.HandleFunc("/", dashboardAsset("index.html", "text/html; charset=utf-8")).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/ui", dashboardAsset("index.html", "text/html; charset=utf-8")).Methods(http.MethodGet)
	for _, f := range []struct{ name, typ string }{{"dash.css", "text/css"}, {"dash.js", "text/javascript"}, {"dash-views.js", "text/javascript"}, {"favicon.svg", "image/svg+xml"}} {
		r.HandleFunc("/_emulator/ui/"+f.name, dashboardAsset(f.name, f.typ+"; charset=utf-8")).Methods(http.MethodGet)
	}
	r.HandleFunc("/favicon.ico", dashboardAsset("favicon.svg", "image/svg+xml; charset=utf-8")).Methods(http.MethodGet)
}
