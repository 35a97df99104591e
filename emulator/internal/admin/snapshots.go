package admin

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The snapshot routes of /_emulator/*.

// handleSnapshotSave serves POST /_emulator/snapshots {"name": "base"}.
func (a *API) handleSnapshotSave(w http.ResponseWriter, r *http.Request) {
	body, err := wire.ReadBody(w, r)
	var req struct {
		Name *string `json:"name"`
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(&req)
	}
	if err != nil || req.Name == nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"name": "NAME"}: the name to save the whole state under`})
		return
	}
	info, err := a.d.SaveSnapshot(*req.Name)
	if err != nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeSnapshot(w, "saved", info)
}

// handleSnapshotsList serves GET /_emulator/snapshots.
func (a *API) handleSnapshotsList(w http.ResponseWriter, r *http.Request) {
	list := a.d.Snapshots()
	if list == nil {
		list = []SnapshotInfo{}
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"snapshots": list})
}

// handleSnapshotRestore serves POST /_emulator/snapshots/{name}/restore.
func (a *API) handleSnapshotRestore(w http.ResponseWriter, r *http.Request) {
	if _, err := wire.ReadBody(w, r); err != nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "the request body could not be read"})
		return
	}
	info, err := a.d.RestoreSnapshot(mux.Vars(r)["name"])
	if err != nil {
		snapshotError(w, err)
		return
	}
	writeSnapshot(w, "restored", info)
}

// handleSnapshotDelete serves DELETE /_emulator/snapshots/{name}.
func (a *API) handleSnapshotDelete(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if err := a.d.DeleteSnapshot(name); err != nil {
		snapshotError(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "deleted", "name": name})
}

func snapshotError(w http.ResponseWriter, err error) {
	code := http.StatusUnprocessableEntity // a snapshot that cannot be read back
	if errors.Is(err, ErrNoSnapshot) {
		code = http.StatusNotFound
	}
	wire.WriteJSON(w, code, map[string]string{"error": err.Error()})
}

func writeSnapshot(w http.ResponseWriter, status string, info SnapshotInfo) {
	wire.WriteJSON(w, http.StatusOK, map[string]any{"status": status, "name": info.Name, "taken_at": info.TakenAt,
		"clock": info.Clock, "items": info.Items, "bytes": info.Bytes})
}
