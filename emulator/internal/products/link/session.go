package link

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type linkUIInstitution struct {
	InstitutionID string `json:"institution_id"`
	Name          string `json:"name"`
	OAuth         bool   `json:"oauth"`
	// Logo is the page's URL of the logo /institutions/get_by_id returns
	// (base64) with include_optional_metadata.
	Logo         string `json:"logo"`
	PrimaryColor string `json:"primary_color"`
	// Status is item_logins health: HEALTHY, DEGRADED or DOWN.
	Status string `json:"status"`
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
	// AccountSelect: single, multiple or all (see accountSelect).
	AccountSelect string   `json:"account_select"`
	Products      []string `json:"products"`
	// TransferIntent is the Transfer UI payment the user confirms (null: none).
	TransferIntent *linkUIIntent `json:"transfer_intent"`
	// ManualEntry: the user may type an account's numbers (same-day
	// micro-deposits); VerifyDeposits: the update-mode Item awaits them.
	ManualEntry bool `json:"manual_entry"`
	// DocumentUpload: Document Income, the user uploads files instead of
	// choosing a bank.
	DocumentUpload bool `json:"document_upload"`
	// IDV: the token opens an Identity Verification session (read and
	// answered through /_emulator/link/idv).
	IDV            bool          `json:"idv"`
	VerifyDeposits *linkUIVerify `json:"verify_deposits"`
	RequestID      string        `json:"request_id"`
}

// HandleLinkUISession serves GET /_emulator/link/session?link_token=…: what
// the page shows, the banks that fit the token's countries and products.
func (p *API) HandleLinkUISession(w http.ResponseWriter, r *http.Request) {
	lt, ok := p.Any(r.URL.Query().Get("link_token"))
	if !ok || !p.door.Now().Before(lt.Expires) {
		e := wire.New(wire.CodeInvalidLinkToken)
		wire.WriteJSON(w, e.HTTPStatus, e)
		return
	}
	out := linkUISession{ClientName: lt.ClientName, Institutions: []linkUIInstitution{}, UpdateMode: lt.ItemID != "",
		Redirect: lt.RedirectURI != nil && *lt.RedirectURI != "", AccountSelect: lt.AccountSelect, Products: lt.Products,
		TransferIntent: p.sessionIntent(lt), RequestID: wire.NewRequestID()}
	if out.AccountSelect == "" { // a token kept from before Account Select
		out.AccountSelect = "multiple"
	}
	fixed := lt.InstitutionID
	out.ManualEntry = typedNumbers(lt)
	out.DocumentUpload = documentFlow(lt)
	out.IDV = lt.IDVSession != ""
	if it, ok := p.door.ItemByID(lt.ItemID); ok {
		fixed = it.InstitutionID
		out.VerifyDeposits = pendingDeposit(it)
	}
	for _, in := range p.door.Fixtures().Institutions {
		fits := slices.ContainsFunc(in.CountryCodes, func(c string) bool { return slices.Contains(lt.CountryCodes, c) })
		for _, p := range lt.Products {
			fits = fits && (p == "balance" || slices.Contains(in.Products, p))
		}
		fits = fits && incomeFits(lt, in.Products)
		li := linkUIInstitution{InstitutionID: in.InstitutionID, Name: in.Name, OAuth: in.OAuth,
			Logo: "/_emulator/link/logo/" + url.PathEscape(in.InstitutionID) + ".png", PrimaryColor: product.Deref(in.PrimaryColor, "#1f5fa8"),
			Status: cmp.Or(in.Status, "HEALTHY")}
		if in.InstitutionID == fixed {
			out.Institution = &li
		}
		if fits {
			out.Institutions = append(out.Institutions, li)
		}
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

// accountSelect is the Account Select behaviour a link token asks for.
// Plaid sets it per Link customization in the Dashboard; here the
// customization's name says it: account_select_single (one account, by
// radio button), account_select_all (every account, no choice) and
// anything else, or none, multiple (checkboxes, all ticked).
func accountSelect(customization *string) string {
	switch {
	case customization == nil:
		return "multiple"
	case *customization == "account_select_single":
		return "single"
	case *customization == "account_select_all":
		return "all"
	}
	return "multiple"
}

// HandleLinkUILogo serves GET /_emulator/link/logo/{institution_id}.png:
// the institution's logo as an image, the fixture's or its monogram.
func (p *API) HandleLinkUILogo(w http.ResponseWriter, id string) {
	in := p.door.Fixtures().Institution(strings.TrimSuffix(id, ".png"))
	var png []byte
	if in != nil {
		png, _ = base64.StdEncoding.DecodeString(in.LogoBase64())
	}
	if len(png) == 0 {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no institution " + strings.TrimSuffix(id, ".png") + " has a logo here"})
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(png)
}
