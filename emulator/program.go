package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The Program API is the account-registration API of a bank-transfer
// platform built on Plaid (enabled with Options.ProgramAPI): it makes link
// tokens for its customers' profiles, exchanges their public tokens, reads
// Auth, and keeps bank accounts. It calls the emulated Plaid API through
// the same code paths a real platform's requests take, as its own client.

// DefaultProgramClientID is the Plaid client the platform uses.
const DefaultProgramClientID = "program-platform"

type program struct {
	mu       sync.Mutex
	items    map[string]*programItem // plaid item_id →
	accounts map[string]*bankAccount // bank account id →
}

type programItem struct {
	itemID, profileID, accessToken, institutionID, institutionName string
	accounts                                                       []string // bank account ids, in order
}

type bankAccount struct {
	ID                   string `json:"id"`
	ProfileID            string `json:"profile_id"`
	PlaidItemID          string `json:"plaid_item_id"`
	PlaidAccountID       string `json:"plaid_account_id"`
	Name                 string `json:"name"`
	AccountNumberLastFou string `json:"account_number_last_four"`
	RoutingNumber        string `json:"routing_number"`
	Type                 string `json:"type"`
	Status               string `json:"status"`
}

func newProgram() *program {
	return &program{items: map[string]*programItem{}, accounts: map[string]*bankAccount{}}
}

// programError answers {"error": {"code", "message"}} with a 4xx status.
func programError(w http.ResponseWriter, status int, code, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	wire.WriteJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// programCall is a platform request turned into a call on the emulated API.
func (s *Server) programCall(r *http.Request) *call {
	return &call{s: s, r: r, requestID: wire.NewRequestID(), now: s.clock.Now(), clientID: s.programClient()}
}

func (s *Server) programClient() string {
	if s.opts.ProgramClientID != "" {
		return s.opts.ProgramClientID
	}
	return DefaultProgramClientID
}

func (s *Server) hasProfile(id string) bool {
	return slices.ContainsFunc(s.store.Fixtures.Profiles, func(p fixtures.Profile) bool { return p.ProfileID == id })
}

// decodeProgram reads a JSON body into dst, strictly; false after writing the error.
func decodeProgram(w http.ResponseWriter, r *http.Request, dst any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wire.MaxBody))
	if err != nil {
		programError(w, http.StatusBadRequest, "invalid_body", "the body could not be read (at most 1 MiB)")
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		programError(w, http.StatusBadRequest, "invalid_body", "the body is not the expected JSON: %v", err)
		return false
	}
	return true
}

// handleProgramLinks serves POST /plaid/links: a link token for a profile.
func (s *Server) handleProgramLinks(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProfileID          string  `json:"profile_id"`
		RedirectURI        *string `json:"redirect_uri"`
		AndroidPackageName *string `json:"android_package_name"`
	}
	if !decodeProgram(w, r, &req) {
		return
	}
	if req.ProfileID == "" {
		programError(w, http.StatusBadRequest, "missing_field", "profile_id is required")
		return
	}
	if !s.hasProfile(req.ProfileID) {
		programError(w, http.StatusNotFound, "profile_not_found", "no profile %s", req.ProfileID)
		return
	}
	if req.RedirectURI != nil && req.AndroidPackageName != nil {
		programError(w, http.StatusBadRequest, "invalid_field", "give redirect_uri or android_package_name, not both")
		return
	}
	c := s.programCall(r)
	v, err := handleLinkTokenCreate(c, &linkTokenCreateRequest{ClientName: "Program", Language: "en", CountryCodes: []string{"US"},
		User: &linkTokenUser{ClientUserID: req.ProfileID}, Products: []string{"auth"}, RedirectURI: req.RedirectURI,
		AndroidPackageName: req.AndroidPackageName})
	if err != nil {
		programError(w, err.HTTPStatus, strings.ToLower(err.ErrorCode), "%s", err.ErrorMessage)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]string{"link_token": v.(*linkTokenCreateResponse).LinkToken})
}

// handleProgramItems serves POST /plaid/items: exchange the public token,
// read Auth, and register the chosen accounts as bank accounts.
func (s *Server) handleProgramItems(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProfileID        string `json:"profile_id"`
		PlaidPublicToken string `json:"plaid_public_token"`
		PlaidInstitution struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"plaid_institution"`
		PlaidAccountIDs []string `json:"plaid_account_ids"`
	}
	if !decodeProgram(w, r, &req) {
		return
	}
	switch {
	case req.ProfileID == "" || req.PlaidPublicToken == "":
		programError(w, http.StatusBadRequest, "missing_field", "profile_id and plaid_public_token are required")
		return
	case !s.hasProfile(req.ProfileID):
		programError(w, http.StatusNotFound, "profile_not_found", "no profile %s", req.ProfileID)
		return
	}
	c := s.programCall(r)
	it, perr := s.store.exchange(c.clientID, req.PlaidPublicToken, c.now)
	if perr != nil {
		programError(w, http.StatusUnprocessableEntity, "plaid_"+strings.ToLower(perr.ErrorCode), "Plaid: %s", perr.ErrorMessage)
		return
	}
	if req.PlaidInstitution.ID != "" && req.PlaidInstitution.ID != it.InstitutionID {
		programError(w, http.StatusUnprocessableEntity, "institution_mismatch", "plaid_institution.id %s is not the Item's institution %s", req.PlaidInstitution.ID, it.InstitutionID)
		return
	}
	pi := &programItem{itemID: it.ID, profileID: req.ProfileID, accessToken: it.AccessToken, institutionID: it.InstitutionID, institutionName: it.InstitutionName}
	if err := s.setProgramAccounts(c, pi, req.PlaidAccountIDs); err != nil {
		programError(w, err.status, err.code, "%s", err.msg)
		return
	}
	wire.WriteJSON(w, http.StatusOK, s.programItemJSON(pi, false))
}

// programToken is the item's current access token (it may have been
// rotated with /item/access_token/invalidate since the item was made).
func (s *Server) programToken(pi *programItem) string {
	if tok := s.store.accessTokenOf(pi.itemID); tok != "" {
		return tok
	}
	return pi.accessToken
}

type programErr struct {
	status    int
	code, msg string
}

// setProgramAccounts (re)builds an item's bank accounts from Plaid account
// ids through /auth/get's code path; empty ids means every Auth account.
func (s *Server) setProgramAccounts(c *call, pi *programItem, ids []string) *programErr {
	auth, err := handleAuthGet(c, &accountsGetRequest{AccessToken: s.programToken(pi)})
	if err != nil {
		return &programErr{http.StatusUnprocessableEntity, "plaid_" + strings.ToLower(err.ErrorCode), "Plaid: " + err.ErrorMessage}
	}
	ar := auth.(*authResponse)
	if len(ids) == 0 {
		for _, a := range ar.accounts {
			ids = append(ids, a.ID)
		}
	}
	p := s.program
	p.mu.Lock()
	defer p.mu.Unlock()
	var next []string
	for _, id := range ids {
		i := slices.IndexFunc(ar.accounts, func(a *account) bool { return a.ID == id })
		if i < 0 {
			return &programErr{http.StatusUnprocessableEntity, "account_not_eligible", "Plaid account " + id + " is not a checking or savings account of this item"}
		}
		a := ar.accounts[i]
		ba := p.accountFor(pi, id)
		if ba == nil {
			typ := "CHECKING"
			if a.Subtype != nil && *a.Subtype == "savings" {
				typ = "SAVINGS"
			}
			num := a.ACH.Account
			ba = &bankAccount{ID: s.store.uuid(), ProfileID: pi.profileID, PlaidItemID: pi.itemID, PlaidAccountID: id, Name: a.Name,
				AccountNumberLastFou: num[max(0, len(num)-4):], RoutingNumber: a.ACH.Routing, Type: typ}
			p.accounts[ba.ID] = ba
		}
		ba.Status = "OPEN"
		next = append(next, ba.ID)
	}
	for _, old := range pi.accounts {
		if !slices.Contains(next, old) {
			p.accounts[old].Status = "CLOSED"
		}
	}
	pi.accounts = next
	p.items[pi.itemID] = pi
	s.store.dirty.Store(true)
	return nil
}

func (p *program) accountFor(pi *programItem, plaidAccountID string) *bankAccount {
	for _, id := range pi.accounts {
		if p.accounts[id].PlaidAccountID == plaidAccountID {
			return p.accounts[id]
		}
	}
	return nil
}

// programItemJSON renders an item; is_login_required only when asked.
func (s *Server) programItemJSON(pi *programItem, withLogin bool) map[string]any {
	p := s.program
	p.mu.Lock()
	accts := []bankAccount{}
	for _, id := range pi.accounts {
		accts = append(accts, *p.accounts[id])
	}
	p.mu.Unlock()
	out := map[string]any{"plaid_item_id": pi.itemID, "plaid_institution_id": pi.institutionID,
		"plaid_institution_name": pi.institutionName, "profile_id": pi.profileID, "bank_accounts": accts, "is_login_required": nil}
	if withLogin {
		it, ok := s.store.itemByID(pi.itemID)
		out["is_login_required"] = ok && it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired
	}
	return out
}

// handleProgramAccount serves GET /plaid/accounts/{account_id}.
func (s *Server) handleProgramAccount(w http.ResponseWriter, r *http.Request) {
	p := s.program
	p.mu.Lock()
	ba, ok := p.accounts[mux.Vars(r)["account_id"]]
	var out bankAccount
	if ok {
		out = *ba
	}
	p.mu.Unlock()
	if !ok {
		programError(w, http.StatusNotFound, "account_not_found", "no bank account %s", mux.Vars(r)["account_id"])
		return
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

// handleProgramProfileItems serves GET /profiles/{profile_id}/plaid/items.
func (s *Server) handleProgramProfileItems(w http.ResponseWriter, r *http.Request) {
	prof := mux.Vars(r)["profile_id"]
	if !s.hasProfile(prof) {
		programError(w, http.StatusNotFound, "profile_not_found", "no profile %s", prof)
		return
	}
	withLogin := r.URL.Query().Get("include_login_status") == "true"
	p := s.program
	p.mu.Lock()
	var mine []*programItem
	for _, pi := range p.items {
		if pi.profileID == prof {
			mine = append(mine, pi)
		}
	}
	p.mu.Unlock()
	slices.SortFunc(mine, func(a, b *programItem) int { return strings.Compare(a.itemID, b.itemID) })
	out := []map[string]any{}
	for _, pi := range mine {
		out = append(out, s.programItemJSON(pi, withLogin))
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"plaid_items": out})
}

func (s *Server) programItemFor(w http.ResponseWriter, r *http.Request) *programItem {
	p := s.program
	p.mu.Lock()
	pi, ok := p.items[mux.Vars(r)["item_id"]]
	p.mu.Unlock()
	if !ok {
		programError(w, http.StatusNotFound, "item_not_found", "no plaid item %s", mux.Vars(r)["item_id"])
		return nil
	}
	return pi
}

// handleProgramItemLinks serves POST /plaid/items/{item_id}/links: an
// update-mode link token (with account selection when select_accounts).
func (s *Server) handleProgramItemLinks(w http.ResponseWriter, r *http.Request) {
	pi := s.programItemFor(w, r)
	if pi == nil {
		return
	}
	var req struct {
		SelectAccounts bool `json:"select_accounts"`
	}
	if !decodeProgram(w, r, &req) {
		return
	}
	c := s.programCall(r)
	upd, _ := json.Marshal(map[string]bool{"account_selection_enabled": req.SelectAccounts})
	tok := s.programToken(pi)
	v, err := handleLinkTokenCreate(c, &linkTokenCreateRequest{ClientName: "Program", Language: "en", CountryCodes: []string{"US"},
		User: &linkTokenUser{ClientUserID: pi.profileID}, AccessToken: &tok, Update: upd})
	if err != nil {
		programError(w, http.StatusUnprocessableEntity, "plaid_"+strings.ToLower(err.ErrorCode), "Plaid: %s", err.ErrorMessage)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]string{"link_token": v.(*linkTokenCreateResponse).LinkToken})
}

// handleProgramItemPatch serves PATCH /plaid/items/{item_id}: the item's
// bank accounts become exactly plaid_bank_account_ids (Plaid account ids).
func (s *Server) handleProgramItemPatch(w http.ResponseWriter, r *http.Request) {
	pi := s.programItemFor(w, r)
	if pi == nil {
		return
	}
	var req struct {
		PlaidBankAccountIDs []string `json:"plaid_bank_account_ids"`
	}
	if !decodeProgram(w, r, &req) {
		return
	}
	if len(req.PlaidBankAccountIDs) == 0 {
		programError(w, http.StatusBadRequest, "missing_field", "plaid_bank_account_ids needs at least one account")
		return
	}
	if err := s.setProgramAccounts(s.programCall(r), pi, req.PlaidBankAccountIDs); err != nil {
		programError(w, err.status, err.code, "%s", err.msg)
		return
	}
	wire.WriteJSON(w, http.StatusOK, s.programItemJSON(pi, false))
}
