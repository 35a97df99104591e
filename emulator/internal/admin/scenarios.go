package admin

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// handleScenariosList serves GET /_emulator/scenarios: every known scenario
// (built-in, loaded) and the active ones.
func (a *API) handleScenariosList(w http.ResponseWriter, _ *http.Request) {
	known, active := a.d.Chaos().List()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"scenarios": known, "active": product.NonNil(active)})
}

// handleScenariosPost serves POST /_emulator/scenarios. A body with
// "activate" switches a known scenario on, optionally for one Item or
// client: {"activate": "institution-down", "item_id": "…"}. A body with
// "scenarios" (YAML or JSON) loads them; ?activate=true also switches them on.
func (a *API) handleScenariosPost(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wire.MaxBody))
	if err != nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "the body could not be read (at most 1 MiB)"})
		return
	}
	var act struct {
		Activate string `json:"activate"`
		ItemID   string `json:"item_id"`
		ClientID string `json:"client_id"`
	}
	if dec := json.NewDecoder(strings.NewReader(string(body))); json.Valid(body) && !strings.Contains(string(body), `"scenarios"`) {
		dec.DisallowUnknownFields()
		if err := dec.Decode(&act); err != nil || act.Activate == "" {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"activate": NAME, "item_id"?, "client_id"?} or a scenarios document`})
			return
		}
		a, ok := a.d.Chaos().Activate(act.Activate, act.ItemID, act.ClientID)
		if !ok {
			wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no scenario named " + act.Activate})
			return
		}
		wire.WriteJSON(w, http.StatusOK, map[string]any{"active": a})
		return
	}
	list, probs := scenarios.Parse("request body", body, wire.KnownCode)
	if len(probs) > 0 {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid scenarios", "problems": strings.Split(probs.Error(), "\n")})
		return
	}
	a.d.Chaos().Add(list)
	var names []string
	var active []chaos.Activation
	for _, sc := range list {
		names = append(names, sc.Name)
		if r.URL.Query().Get("activate") == "true" {
			a, _ := a.d.Chaos().Activate(sc.Name, r.URL.Query().Get("item_id"), r.URL.Query().Get("client_id"))
			active = append(active, a)
		}
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"loaded": names, "active": product.NonNil(active)})
}

// handleScenariosDelete serves DELETE /_emulator/scenarios[?name=NAME]:
// switch one scenario (or all) off.
func (a *API) handleScenariosDelete(w http.ResponseWriter, r *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]int{"deactivated": a.d.Chaos().Deactivate(r.URL.Query().Get("name"))})
}
