package admin

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// handleFixturesLoad serves POST /_emulator/fixtures?name=FILE: the body
// is one fixture file's worth, YAML or JSON.
func (a *API) handleFixturesLoad(w http.ResponseWriter, r *http.Request) {
	body, err := wire.ReadBody(w, r)
	if err != nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "the body could not be read: send one fixture file (YAML or JSON) of at most 1 MiB"})
		return
	}
	if strings.TrimSpace(string(body)) == "" {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "the body is empty: send one fixture file (YAML or JSON), e.g. institutions: [...] or users: [...]"})
		return
	}
	name := r.URL.Query().Get("name")
	if name != "" && !fixtureDocName.MatchString(name) {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "name is the file's name for problems to cite: 1 to 100 letters, digits, '.', '_', '-' or '/', not " + strconv.Quote(wire.Clip(name, 40))})
		return
	}
	out, err := a.d.LoadFixtures(name, body)
	var ps fixtures.Problems
	if errors.As(err, &ps) {
		list := make([]map[string]any, len(ps))
		for i, p := range ps {
			list[i] = map[string]any{"file": p.File, "line": p.Line, "field": p.Field, "message": p.Message}
		}
		wire.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "nothing was loaded:\n" + ps.Error(), "problems": list})
		return
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

var fixtureDocName = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,100}$`)
