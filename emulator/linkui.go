package emulator

import (
	"embed"
	"net/http"
	"slices"
)

// Drop-in Link: a page that does in a browser what Plaid Link does, and a
// link-initialize.js offering Plaid.create like Plaid's, so a web app can
// load the script from the emulator instead of cdn.plaid.com and run its
// real Link code. The page finishes through /_emulator/link/complete.

//go:embed linkui/link.html linkui/link-initialize.js
var linkUI embed.FS

func (s *Server) serveLinkAsset(name, contentType string) http.HandlerFunc {
	body, err := linkUI.ReadFile("linkui/" + name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	}
}

type linkUIInstitution struct {
	InstitutionID string `json:"institution_id"`
	Name          string `json:"name"`
}

type linkUISession struct {
	ClientName   string              `json:"client_name"`
	Institutions []linkUIInstitution `json:"institutions"`
	// Institution is fixed by the link token (update mode, or institution_id
	// given at creation); the page then skips the bank list.
	Institution *linkUIInstitution `json:"institution"`
	UpdateMode  bool               `json:"update_mode"`
}

// handleLinkUISession serves GET /_emulator/link/session?link_token=…: what
// the page shows, the banks that fit the token's countries and products.
func (s *Server) handleLinkUISession(w http.ResponseWriter, r *http.Request) {
	lt, ok := s.store.linkTokenAny(r.URL.Query().Get("link_token"))
	if !ok || !s.clock.Now().Before(lt.expires) {
		e := newError(CodeInvalidLinkToken)
		writeJSON(w, e.HTTPStatus, e)
		return
	}
	out := linkUISession{ClientName: lt.clientName, Institutions: []linkUIInstitution{}, UpdateMode: lt.itemID != ""}
	fixed := lt.institutionID
	if it, ok := s.store.itemByID(lt.itemID); ok {
		fixed = it.InstitutionID
	}
	for _, in := range s.store.fx.Institutions {
		fits := slices.ContainsFunc(in.CountryCodes, func(c string) bool { return slices.Contains(lt.countryCodes, c) })
		for _, p := range lt.products {
			fits = fits && (p == "balance" || slices.Contains(in.Products, p))
		}
		li := linkUIInstitution{InstitutionID: in.InstitutionID, Name: in.Name}
		if in.InstitutionID == fixed {
			out.Institution = &li
		}
		if fits {
			out.Institutions = append(out.Institutions, li)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
