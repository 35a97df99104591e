// Package program is the Program API: the account-registration API of a
// bank-transfer platform built on Plaid. It makes link tokens for its
// customers' profiles, exchanges their public tokens, reads Auth and keeps
// bank accounts. It is a Plaid client of the emulator: everything it knows
// of Items it learns by calling Plaid paths through the Plaid interface,
// as a real platform would.
package program

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Plaid is the platform's way to Plaid: Call sends one request to a Plaid
// path as the platform's client and decodes a 200 into resp; any other
// answer is Plaid's error object.
type Plaid interface {
	Call(ctx context.Context, path string, req, resp any) *wire.Error
}

// Door is what the platform takes from the emulator beside Plaid's API.
type Door interface {
	// HasProfile reports whether the fixtures define the profile.
	HasProfile(id string) bool
	// NewUUID draws an id for a bank account from the seeded source.
	NewUUID() string
	// AccessToken is the Item's current access token ("" when gone): the
	// platform follows /item/access_token/invalidate as its own backend would.
	AccessToken(itemID string) string
	// Changed says the platform's state changed (for --state saving).
	Changed()
}

// API is the Program API's state and handler.
type API struct {
	plaid   Plaid
	door    Door
	handler func() http.Handler // the route table, built on first use

	mu       sync.Mutex
	items    map[string]*item        // plaid item_id →
	accounts map[string]*BankAccount // bank account id →
}

type item struct {
	itemID, profileID, accessToken, institutionID, institutionName string
	accounts                                                       []string // bank account ids, in order
}

// BankAccount is one registered account, as the API shows and --state keeps it.
type BankAccount struct {
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

// New makes an empty Program API.
func New(plaid Plaid, door Door) *API {
	a := &API{plaid: plaid, door: door}
	a.Reset()
	a.handler = sync.OnceValue(a.routes)
	return a
}

// routes is the Program API's route table.
func (a *API) routes() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/plaid/links", a.handleLinks).Methods(http.MethodPost)
	r.HandleFunc("/plaid/items", a.handleItems).Methods(http.MethodPost)
	r.HandleFunc("/plaid/accounts/{account_id}", a.handleAccount).Methods(http.MethodGet)
	r.HandleFunc("/profiles/{profile_id}/plaid/items", a.handleProfileItems).Methods(http.MethodGet)
	r.HandleFunc("/plaid/items/{item_id}/links", a.handleItemLinks).Methods(http.MethodPost)
	r.HandleFunc("/plaid/items/{item_id}", a.handleItemPatch).Methods(http.MethodPatch)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		programError(w, http.StatusNotFound, "not_found", "no such Program API route")
	})
	return r
}

// ServeHTTP serves the Program API's paths.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler().ServeHTTP(w, r) }

// Reset forgets every item and bank account.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.items, a.accounts = map[string]*item{}, map[string]*BankAccount{}
}

// programError answers {"error": {"code", "message"}} with a 4xx status.
func programError(w http.ResponseWriter, status int, code, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	wire.WriteJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// plaidError answers a Plaid error as the platform reports it.
func plaidError(w http.ResponseWriter, err *wire.Error) {
	programError(w, http.StatusUnprocessableEntity, "plaid_"+strings.ToLower(err.ErrorCode), "Plaid: %s", err.ErrorMessage)
}

// decode reads a JSON body into dst, strictly; false after writing the error.
func decode(w http.ResponseWriter, r *http.Request, dst any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wire.MaxBody))
	if err != nil {
		programError(w, http.StatusBadRequest, "invalid_body", "the body could not be read (at most 1 MiB)")
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		programError(w, http.StatusBadRequest, "invalid_body", "%s", bodyProblem(err))
		return false
	}
	if dec.More() {
		programError(w, http.StatusBadRequest, "invalid_body", "the body must be one JSON object, with nothing after it")
		return false
	}
	return true
}

// bodyProblem says in words what is wrong with a body the decoder refused
// (never the decoder's own text).
func bodyProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var synErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Sprintf("%s must be %s", typeErr.Field, kindWords(typeErr.Type))
	case errors.As(err, &typeErr):
		return "the body must be a JSON object"
	case errors.As(err, &synErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the body is not valid JSON"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`) + " is not a field of this request"
	case errors.Is(err, errNotBool):
		return err.Error()
	}
	return "the body is not the JSON this request takes"
}

// kindWords names a Go type as the JSON it takes.
func kindWords(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// stringBool is a boolean the registration API's document sends as the
// string "true" or "false"; JSON true and false are taken too.
type stringBool bool

var errNotBool = errors.New(`select_accounts must be "true" or "false"`)

func (b *stringBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case `true`, `"true"`:
		*b = true
	case `false`, `"false"`, `null`:
		*b = false
	default:
		return errNotBool
	}
	return nil
}

// linkTokenRequest is the part of /link/token/create the platform sends.
type linkTokenRequest struct {
	ClientName         string          `json:"client_name"`
	Language           string          `json:"language"`
	CountryCodes       []string        `json:"country_codes"`
	User               map[string]any  `json:"user"`
	Products           []string        `json:"products,omitempty"`
	RedirectURI        *string         `json:"redirect_uri,omitempty"`
	AndroidPackageName *string         `json:"android_package_name,omitempty"`
	AccessToken        *string         `json:"access_token,omitempty"`
	Update             json.RawMessage `json:"update,omitempty"`
}

func (a *API) linkToken(ctx context.Context, req linkTokenRequest) (string, *wire.Error) {
	req.ClientName, req.Language, req.CountryCodes = "Program", "en", []string{"US"}
	var resp struct {
		LinkToken string `json:"link_token"`
	}
	err := a.plaid.Call(ctx, "/link/token/create", req, &resp)
	return resp.LinkToken, err
}

// handleLinks serves POST /plaid/links: a link token for a profile.
func (a *API) handleLinks(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProfileID          string  `json:"profile_id"`
		RedirectURI        *string `json:"redirect_uri"`
		AndroidPackageName *string `json:"android_package_name"`
	}
	if !decode(w, r, &req) {
		return
	}
	if req.ProfileID == "" {
		programError(w, http.StatusBadRequest, "missing_field", "profile_id is required")
		return
	}
	if !a.door.HasProfile(req.ProfileID) {
		programError(w, http.StatusNotFound, "profile_not_found", "no profile %s", req.ProfileID)
		return
	}
	if req.RedirectURI != nil && req.AndroidPackageName != nil {
		programError(w, http.StatusBadRequest, "invalid_field", "give redirect_uri or android_package_name, not both")
		return
	}
	tok, err := a.linkToken(r.Context(), linkTokenRequest{User: map[string]any{"client_user_id": req.ProfileID},
		Products: []string{"auth"}, RedirectURI: req.RedirectURI, AndroidPackageName: req.AndroidPackageName})
	if err != nil {
		programError(w, err.HTTPStatus, strings.ToLower(err.ErrorCode), "%s", err.ErrorMessage)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]string{"link_token": tok})
}

// handleItemLinks serves POST /plaid/items/{item_id}/links: an
// update-mode link token (with account selection when select_accounts).
func (a *API) handleItemLinks(w http.ResponseWriter, r *http.Request) {
	pi := a.itemFor(w, r)
	if pi == nil {
		return
	}
	var req struct {
		SelectAccounts stringBool `json:"select_accounts"`
	}
	if !decode(w, r, &req) {
		return
	}
	upd, _ := json.Marshal(map[string]bool{"account_selection_enabled": bool(req.SelectAccounts)})
	at := a.token(pi)
	tok, err := a.linkToken(r.Context(), linkTokenRequest{User: map[string]any{"client_user_id": pi.profileID},
		AccessToken: &at, Update: upd})
	if err != nil {
		plaidError(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]string{"link_token": tok})
}

// token is the item's current access token (it may have been rotated with
// /item/access_token/invalidate since the item was made).
func (a *API) token(pi *item) string {
	if tok := a.door.AccessToken(pi.itemID); tok != "" {
		return tok
	}
	return pi.accessToken
}

func (a *API) itemFor(w http.ResponseWriter, r *http.Request) *item {
	pi, ok := a.itemByID(mux.Vars(r)["item_id"])
	if !ok {
		programError(w, http.StatusNotFound, "item_not_found", "no plaid item %s", mux.Vars(r)["item_id"])
		return nil
	}
	return pi
}
