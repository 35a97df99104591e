package emulator

import (
	"embed"
	"net/http"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Drop-in Link: a page that does in a browser what Plaid Link does, and a
// link-initialize.js offering Plaid.create like Plaid's, so a web app can
// load the script from the emulator instead of cdn.plaid.com and run its
// real Link code. The page finishes through /_emulator/link/complete.

//go:embed linkui/link.html linkui/link-initialize.js linkui/oauth.html
var linkUI embed.FS

// linkAsset serves an embedded Link file.
func linkAsset(name, contentType string) http.HandlerFunc {
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

// handleLinkUISession serves GET /_emulator/link/session?link_token=…: what
// the page shows, the banks that fit the token's countries and products.
func (s *Server) handleLinkUISession(w http.ResponseWriter, r *http.Request) {
	lt, ok := s.store.linkTokenAny(r.URL.Query().Get("link_token"))
	if !ok || !s.clock.Now().Before(lt.expires) {
		e := wire.New(wire.CodeInvalidLinkToken)
		wire.WriteJSON(w, e.HTTPStatus, e)
		return
	}
	out := linkUISession{ClientName: lt.clientName, Institutions: []linkUIInstitution{}, UpdateMode: lt.itemID != "",
		Redirect: lt.redirectURI != nil && *lt.redirectURI != ""}
	fixed := lt.institutionID
	if it, ok := s.store.itemByID(lt.itemID); ok {
		fixed = it.InstitutionID
	}
	for _, in := range s.store.Fixtures.Institutions {
		fits := slices.ContainsFunc(in.CountryCodes, func(c string) bool { return slices.Contains(lt.countryCodes, c) })
		for _, p := range lt.products {
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

type linkAccountsRequest struct {
	LinkToken     string   `json:"link_token" plaid:"required"`
	InstitutionID *string  `json:"institution_id"`
	Username      *string  `json:"username"`
	Password      *string  `json:"password"`
	MFAAnswers    []string `json:"mfa_answers"`
	LinkSessionID *string  `json:"link_session_id" plaid:"minlen=1"`
}

type linkUIAccount struct {
	Name    string  `json:"name"`
	Mask    *string `json:"mask"`
	Type    string  `json:"type"`
	Subtype *string `json:"subtype"`
}

type linkAccountsResponse struct {
	Accounts []linkUIAccount `json:"accounts"`
	wire.Response
}

// handleLinkAccounts serves POST /_emulator/link/accounts: the page's login
// step. It checks the credentials as completing Link would and lists the
// accounts Link offers for selection, storing nothing (a failure is recorded
// as an exited Link session). In update mode there is nothing to select.
func handleLinkAccounts(c *call, req *linkAccountsRequest) (any, *wire.Error) {
	st := c.s.store
	lt, err := c.liveLinkToken(req.LinkToken)
	if err != nil {
		return nil, err
	}
	out := &linkAccountsResponse{Accounts: []linkUIAccount{}}
	if lt.itemID != "" {
		return out, nil
	}
	err = checkMFA(product.Deref(req.Password, "pass_good"), req.MFAAnswers)
	var li loggedIn
	if err == nil {
		li, err = c.s.login(&newItemParams{institutionID: linkInstitution(lt, req.InstitutionID), products: lt.products,
			username: product.Deref(req.Username, ""), password: product.Deref(req.Password, ""), selectAccounts: accountSelector(lt, nil)})
	}
	if err != nil {
		st.addLinkSession(lt.token, exitSession(product.Deref(req.LinkSessionID, st.uuid()), c.Now, c.Now, err, c.RequestID))
		return nil, err
	}
	for _, a := range li.accts {
		out.Accounts = append(out.Accounts, linkUIAccount{Name: a.Name, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype})
	}
	return out, nil
}
