package link

import (
	"net/http"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type linkUIInstitution struct {
	InstitutionID string `json:"institution_id"`
	Name          string `json:"name"`
	OAuth         bool   `json:"oauth"`
}

type linkUISession struct {
	ClientName   string              `json:"client_name"`
	Institutions []linkUIInstitution `json:"institutions"`
	// Institution is fixed by the link token (update mode, or institution_id
	// given at creation); the page then skips the bank list.
	Institution *linkUIInstitution `json:"institution"`
	UpdateMode  bool               `json:"update_mode"`
	// Redirect: the link token has a redirect_uri, so OAuth banks take the
	// whole window (else a popup).
	Redirect bool `json:"redirect"`
}

// HandleLinkUISession serves GET /_emulator/link/session?link_token=…: what
// the page shows, the banks that fit the token's countries and products.
func (p *API) HandleLinkUISession(w http.ResponseWriter, r *http.Request) {
	lt, ok := p.Any(r.URL.Query().Get("link_token"))
	if !ok || !p.host.Now().Before(lt.Expires) {
		e := wire.New(wire.CodeInvalidLinkToken)
		wire.WriteJSON(w, e.HTTPStatus, e)
		return
	}
	out := linkUISession{ClientName: lt.ClientName, Institutions: []linkUIInstitution{}, UpdateMode: lt.ItemID != "",
		Redirect: lt.RedirectURI != nil && *lt.RedirectURI != ""}
	fixed := lt.InstitutionID
	if it, ok := p.host.ItemByID(lt.ItemID); ok {
		fixed = it.InstitutionID
	}
	for _, in := range p.host.Fixtures().Institutions {
		fits := slices.ContainsFunc(in.CountryCodes, func(c string) bool { return slices.Contains(lt.CountryCodes, c) })
		for _, p := range lt.Products {
			fits = fits && (p == "balance" || slices.Contains(in.Products, p))
		}
		li := linkUIInstitution{InstitutionID: in.InstitutionID, Name: in.Name, OAuth: in.OAuth}
		if in.InstitutionID == fixed {
			out.Institution = &li
		}
		if fits {
			out.Institutions = append(out.Institutions, li)
		}
	}
	wire.WriteJSON(w, http.StatusOK, out)
}
