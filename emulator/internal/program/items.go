package program

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// plaidItem is what the platform reads of /item/get.
type plaidItem struct {
	Item struct {
		ItemID          string  `json:"item_id"`
		InstitutionID   *string `json:"institution_id"`
		InstitutionName *string `json:"institution_name"`
		Error           *struct {
			ErrorCode string `json:"error_code"`
		} `json:"error"`
	} `json:"item"`
}

func (a *API) itemGet(ctx context.Context, accessToken string) (plaidItem, *wire.Error) {
	var it plaidItem
	err := a.plaid.Call(ctx, "/item/get", map[string]string{"access_token": accessToken}, &it)
	return it, err
}

// handleItems serves POST /plaid/items: exchange the public token, read
// Auth, and register the chosen accounts as bank accounts.
func (a *API) handleItems(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProfileID        string `json:"profile_id"`
		PlaidPublicToken string `json:"plaid_public_token"`
		PlaidInstitution struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"plaid_institution"`
		PlaidAccountIDs []string `json:"plaid_account_ids"`
	}
	if !decode(w, r, &req) {
		return
	}
	switch {
	case req.ProfileID == "" || req.PlaidPublicToken == "":
		programError(w, http.StatusBadRequest, "missing_field", "profile_id and plaid_public_token are required")
		return
	case !a.door.HasProfile(req.ProfileID):
		programError(w, http.StatusNotFound, "profile_not_found", "no profile %s", req.ProfileID)
		return
	}
	ctx := r.Context()
	var ex struct {
		AccessToken string `json:"access_token"`
		ItemID      string `json:"item_id"`
	}
	if err := a.plaid.Call(ctx, "/item/public_token/exchange", map[string]string{"public_token": req.PlaidPublicToken}, &ex); err != nil {
		plaidError(w, err)
		return
	}
	it, err := a.itemGet(ctx, ex.AccessToken)
	if err != nil {
		plaidError(w, err)
		return
	}
	pi := &item{itemID: ex.ItemID, profileID: req.ProfileID, accessToken: ex.AccessToken}
	if v := it.Item.InstitutionID; v != nil {
		pi.institutionID = *v
	}
	if v := it.Item.InstitutionName; v != nil {
		pi.institutionName = *v
	}
	if req.PlaidInstitution.ID != "" && req.PlaidInstitution.ID != pi.institutionID {
		programError(w, http.StatusUnprocessableEntity, "institution_mismatch", "plaid_institution.id %s is not the Item's institution %s", req.PlaidInstitution.ID, pi.institutionID)
		return
	}
	if err := a.setAccounts(ctx, pi, req.PlaidAccountIDs); err != nil {
		programError(w, err.status, err.code, "%s", err.msg)
		return
	}
	wire.WriteJSON(w, http.StatusOK, a.itemJSON(ctx, pi, false))
}

type apiErr struct {
	status    int
	code, msg string
}

// authAccount is what the platform reads of one /auth/get account.
type authAccount struct {
	ID, Name, Subtype, Number, Routing string
}

type achNumbers struct {
	AccountID string `json:"account_id"`
	Account   string `json:"account"`
	Routing   string `json:"routing"`
}

// auth reads the Item's Auth accounts that carry ACH numbers, in order.
func (a *API) auth(ctx context.Context, pi *item) ([]authAccount, *wire.Error) {
	var resp struct {
		Accounts []struct {
			AccountID string  `json:"account_id"`
			Name      string  `json:"name"`
			Subtype   *string `json:"subtype"`
		} `json:"accounts"`
		Numbers struct {
			ACH []achNumbers `json:"ach"`
		} `json:"numbers"`
	}
	if err := a.plaid.Call(ctx, "/auth/get", map[string]string{"access_token": a.token(pi)}, &resp); err != nil {
		return nil, err
	}
	var out []authAccount
	for _, acct := range resp.Accounts {
		i := slices.IndexFunc(resp.Numbers.ACH, func(n achNumbers) bool { return n.AccountID == acct.AccountID })
		if i < 0 {
			continue
		}
		aa := authAccount{ID: acct.AccountID, Name: acct.Name, Number: resp.Numbers.ACH[i].Account, Routing: resp.Numbers.ACH[i].Routing}
		if acct.Subtype != nil {
			aa.Subtype = *acct.Subtype
		}
		out = append(out, aa)
	}
	return out, nil
}

// setAccounts (re)builds an item's bank accounts from Plaid account ids
// through /auth/get; empty ids means every Auth account.
func (a *API) setAccounts(ctx context.Context, pi *item, ids []string) *apiErr {
	accts, err := a.auth(ctx, pi)
	if err != nil {
		return &apiErr{http.StatusUnprocessableEntity, "plaid_" + strings.ToLower(err.ErrorCode), "Plaid: " + err.ErrorMessage}
	}
	if len(ids) == 0 {
		for _, acct := range accts {
			ids = append(ids, acct.ID)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var next []string
	for _, id := range ids {
		i := slices.IndexFunc(accts, func(x authAccount) bool { return x.ID == id })
		if i < 0 {
			return &apiErr{http.StatusUnprocessableEntity, "account_not_eligible", "Plaid account " + id + " is not a checking or savings account of this item"}
		}
		acct := accts[i]
		ba := a.accountFor(pi, id)
		if ba == nil {
			typ := "CHECKING"
			if acct.Subtype == "savings" {
				typ = "SAVINGS"
			}
			ba = &BankAccount{ID: a.door.NewUUID(), ProfileID: pi.profileID, PlaidItemID: pi.itemID, PlaidAccountID: id, Name: acct.Name,
				AccountNumberLastFou: acct.Number[max(0, len(acct.Number)-4):], RoutingNumber: acct.Routing, Type: typ}
			a.accounts[ba.ID] = ba
		}
		ba.Status = "OPEN"
		next = append(next, ba.ID)
	}
	for _, old := range pi.accounts {
		if !slices.Contains(next, old) {
			a.accounts[old].Status = "CLOSED"
		}
	}
	pi.accounts = next
	a.items[pi.itemID] = pi
	a.door.Changed()
	return nil
}

func (a *API) accountFor(pi *item, plaidAccountID string) *BankAccount {
	for _, id := range pi.accounts {
		if a.accounts[id].PlaidAccountID == plaidAccountID {
			return a.accounts[id]
		}
	}
	return nil
}

// itemJSON renders an item as the registration API's document shows it:
// is_login_required is the string "true" or "false" (from /item/get) when
// asked, else null.
func (a *API) itemJSON(ctx context.Context, pi *item, withLogin bool) itemView {
	out := itemView{PlaidItemID: pi.itemID, PlaidInstitutionName: pi.institutionName, BankAccounts: []bankAccountView{}}
	for _, ba := range a.accountsOf(pi) {
		out.BankAccounts = append(out.BankAccounts, ba.view())
	}
	if withLogin {
		it, err := a.itemGet(ctx, a.token(pi))
		s := strconv.FormatBool(err == nil && it.Item.Error != nil && it.Item.Error.ErrorCode == wire.CodeItemLoginRequired)
		out.IsLoginRequired = &s
	}
	return out
}

// itemView is an item as the document shows it.
type itemView struct {
	PlaidItemID          string            `json:"plaid_item_id"`
	PlaidInstitutionName string            `json:"plaid_institution_name"`
	IsLoginRequired      *string           `json:"is_login_required"`
	BankAccounts         []bankAccountView `json:"bank_accounts"`
}

// bankAccountView is a bank account as the document shows it.
type bankAccountView struct {
	ID                    string `json:"id"`
	AccountNumberLastFour string `json:"account_number_last_four"`
	RoutingNumber         string `json:"routing_number"`
	ProfileID             string `json:"profile_id"`
	Type                  string `json:"type"`   // CHECKING or SAVINGS
	Status                string `json:"status"` // OPEN, or CLOSED once dropped
}

func (ba BankAccount) view() bankAccountView {
	return bankAccountView{ID: ba.ID, AccountNumberLastFour: ba.AccountNumberLastFou, RoutingNumber: ba.RoutingNumber,
		ProfileID: ba.ProfileID, Type: ba.Type, Status: ba.Status}
}

// handleAccount serves GET /plaid/accounts/{account_id}.
func (a *API) handleAccount(w http.ResponseWriter, r *http.Request) {
	ba, ok := a.account(mux.Vars(r)["account_id"])
	if !ok {
		programError(w, http.StatusNotFound, "account_not_found", "no bank account %s", mux.Vars(r)["account_id"])
		return
	}
	name := ""
	if pi, ok := a.itemByID(ba.PlaidItemID); ok {
		name = pi.institutionName
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"plaid_item_id": ba.PlaidItemID, "plaid_institution_name": name, "bank_account": ba.view()})
}

// handleProfileItems serves GET /profiles/{profile_id}/plaid/items.
func (a *API) handleProfileItems(w http.ResponseWriter, r *http.Request) {
	prof := mux.Vars(r)["profile_id"]
	if !a.door.HasProfile(prof) {
		programError(w, http.StatusNotFound, "profile_not_found", "no profile %s", prof)
		return
	}
	withLogin, ok := queryBool(w, r, "include_login_status")
	if !ok {
		return
	}
	mine := a.itemsOf(prof)
	slices.SortFunc(mine, func(x, y *item) int { return strings.Compare(x.itemID, y.itemID) })
	out := []itemView{}
	for _, pi := range mine {
		out = append(out, a.itemJSON(r.Context(), pi, withLogin))
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
}

// handleItemPatch serves PATCH /plaid/items/{item_id}: the item's bank
// accounts become exactly plaid_bank_account_ids (Plaid account ids).
func (a *API) handleItemPatch(w http.ResponseWriter, r *http.Request) {
	pi := a.itemFor(w, r)
	if pi == nil {
		return
	}
	var req struct {
		PlaidBankAccountIDs []string `json:"plaid_bank_account_ids"`
	}
	if !decode(w, r, &req) {
		return
	}
	if len(req.PlaidBankAccountIDs) == 0 {
		programError(w, http.StatusBadRequest, "missing_field", "plaid_bank_account_ids needs at least one account")
		return
	}
	if err := a.setAccounts(r.Context(), pi, req.PlaidBankAccountIDs); err != nil {
		programError(w, err.status, err.code, "%s", err.msg)
		return
	}
	wire.WriteJSON(w, http.StatusOK, a.itemJSON(r.Context(), pi, false))
}

// accountsOf is copies of an item's bank accounts.
func (a *API) accountsOf(pi *item) []BankAccount {
	a.mu.Lock()
	defer a.mu.Unlock()
	accts := []BankAccount{}
	for _, id := range pi.accounts {
		accts = append(accts, *a.accounts[id])
	}
	return accts
}

// account is a copy of one bank account.
func (a *API) account(id string) (BankAccount, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ba, ok := a.accounts[id]
	if !ok {
		return BankAccount{}, false
	}
	return *ba, true
}

// itemsOf is a profile's items.
func (a *API) itemsOf(profileID string) []*item {
	a.mu.Lock()
	defer a.mu.Unlock()
	var mine []*item
	for _, pi := range a.items {
		if pi.profileID == profileID {
			mine = append(mine, pi)
		}
	}
	return mine
}

// itemByID is an item by its Plaid item id.
func (a *API) itemByID(id string) (*item, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	pi, ok := a.items[id]
	return pi, ok
}

// queryBool reads a true/false query parameter (absent: false); false
// after answering 400 for any other value.
func queryBool(w http.ResponseWriter, r *http.Request, name string) (bool, bool) {
	switch v, given := r.URL.Query()[name]; {
	case !given:
		return false, true
	case len(v) == 1 && v[0] == "true":
		return true, true
	case len(v) == 1 && v[0] == "false":
		return false, true
	}
	programError(w, http.StatusBadRequest, "invalid_parameter", "%s must be true or false", name)
	return false, false
}
