package users

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type createRequest struct {
	product.Credentials
	ClientUserID     string          `json:"client_user_id" plaid:"required,minlen=1,maxlen=128"`
	Identity         json.RawMessage `json:"identity"`
	CRIdentity       json.RawMessage `json:"consumer_report_user_identity"`
	WithUpgradedUser *bool           `json:"with_upgraded_user"`
	EndCustomer      *string         `json:"end_customer" plaid:"maxlen=128"`
}

type createResponse struct {
	UserToken *string `json:"user_token,omitempty"`
	UserID    string  `json:"user_id"`
	status    int
	wire.Response
}

// HTTPStatus is 201 for a user just made, 200 for one found again.
func (r *createResponse) HTTPStatus() int { return r.status }

// legacyCall says whether a /user/* call uses the legacy user API: the
// client's setting (fixtures: user_api: legacy), unless the call asks for
// the new one (with_upgraded_user, or the Plaid-New-User-API-Enabled
// header, which can also ask for the legacy one).
func legacyCall(c *product.Call, upgraded *bool) bool {
	legacy := c.Fixtures.ClientUserAPI(c.ClientID) == "legacy"
	switch strings.ToLower(c.RequestHeader("Plaid-New-User-API-Enabled")) {
	case "true":
		legacy = false
	case "false":
		legacy = true
	}
	if upgraded != nil && *upgraded {
		legacy = false
	}
	return legacy
}

// HandleCreate serves POST /user/create. New API: a client_user_id names
// one user, found again (200) or made (201), identity attached. Legacy:
// a new user with a user_token, once per client_user_id ever.
func (a *API) HandleCreate(c *product.Call, req *createRequest) (any, *wire.Error) {
	legacy := legacyCall(c, req.WithUpgradedUser)
	if legacy && hasJSON(req.Identity) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("identity is the new user API's; this client uses the legacy one: send consumer_report_user_identity")
	}
	identity := req.Identity
	if hasJSON(req.CRIdentity) {
		identity = fromReportIdentity(req.CRIdentity)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	key := c.ClientID + "\x00" + req.ClientUserID
	if legacy && a.st.Taken[key] {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("a user with this client_user_id already exists; the legacy user API never reuses one")
	}
	if !legacy {
		for _, u := range a.st.Users {
			if u.ClientID == c.ClientID && u.ClientUserID == req.ClientUserID {
				if hasJSON(identity) {
					u.Identity, u.Updated = identity, c.Now
					a.door.StateChanged(a.Name())
				}
				out := &createResponse{UserID: u.ID, status: http.StatusOK}
				if u.Legacy { // first made on the legacy API: its token is its id now
					out.UserID = u.Token
				}
				return out, nil
			}
		}
	}
	u := &User{ID: a.newID(legacy), ClientID: c.ClientID, ClientUserID: req.ClientUserID, Legacy: legacy, Identity: identity, Created: c.Now, Updated: c.Now}
	out := &createResponse{UserID: u.ID, status: http.StatusCreated}
	if legacy {
		u.Token = "user-sandbox-" + a.door.NewUUID()
		out.UserToken, out.status = &u.Token, http.StatusOK
		a.st.Taken[key] = true
	}
	a.st.Users[u.ID] = u
	a.door.StateChanged(a.Name())
	return out, nil
}

func hasJSON(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s != "" && s != "null"
}

type refRequest struct {
	product.Credentials
	userRef
}

type getRequest struct {
	product.Credentials
	UserID string `json:"user_id" plaid:"required"`
}

type getResponse struct {
	UserID       string          `json:"user_id"`
	ClientUserID *string         `json:"client_user_id"`
	Created      string          `json:"created_at"`
	Updated      string          `json:"updated_at"`
	Identity     json.RawMessage `json:"identity"`
	wire.Response
}

// HandleGet serves POST /user/get: the user and its identity (null when
// none was given).
func (a *API) HandleGet(c *product.Call, req *getRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(c.ClientID, userRef{UserID: &req.UserID})
	if err != nil {
		return nil, err
	}
	identity := u.Identity
	if !hasJSON(identity) {
		identity = json.RawMessage("null")
	}
	return &getResponse{UserID: req.UserID, ClientUserID: &u.ClientUserID, Created: product.RFC3339(u.Created),
		Updated: product.RFC3339(u.Updated), Identity: identity}, nil
}

type updateRequest struct {
	product.Credentials
	userRef
	Identity   json.RawMessage `json:"identity"`
	CRIdentity json.RawMessage `json:"consumer_report_user_identity"`
}

// HandleUpdate serves POST /user/update: the identity's fields given
// replace the stored ones; those left out stay.
func (a *API) HandleUpdate(c *product.Call, req *updateRequest) (any, *wire.Error) {
	patch := req.Identity
	if hasJSON(req.CRIdentity) {
		patch = fromReportIdentity(req.CRIdentity)
	}
	if !hasJSON(patch) {
		return nil, wire.New(wire.CodeMissingFields, "identity")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(c.ClientID, req.userRef)
	if err != nil {
		return nil, err
	}
	u.Identity, u.Updated = merge(u.Identity, patch), c.Now
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

// merge is base with patch's top-level fields laid over it.
func merge(base, patch json.RawMessage) json.RawMessage {
	var b, p map[string]json.RawMessage
	_ = json.Unmarshal(base, &b)
	if json.Unmarshal(patch, &p) != nil {
		return base
	}
	if b == nil {
		b = map[string]json.RawMessage{}
	}
	for k, v := range p {
		b[k] = v
	}
	return product.MustMarshal(b)
}

// HandleRemove serves POST /user/remove: the user and its Items go.
func (a *API) HandleRemove(c *product.Call, req *refRequest) (any, *wire.Error) {
	var items []string
	err := a.locked(func() *wire.Error {
		u, err := a.findLocked(c.ClientID, req.userRef)
		if err != nil {
			return err
		}
		items = u.ItemIDs
		delete(a.st.Users, u.ID)
		for k, tp := range a.st.ThirdParty {
			if tp.UserID == u.ID {
				delete(a.st.ThirdParty, k)
			}
		}
		a.door.StateChanged(a.Name())
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range items {
		_ = a.door.RemoveItemByID(id) // one already removed is gone anyway
	}
	return &wire.Response{}, nil
}

// HandleIdentityRemove serves POST /user/identity/remove: the user's
// personal data goes; the user stays.
func (a *API) HandleIdentityRemove(c *product.Call, req *getRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(c.ClientID, userRef{UserID: &req.UserID})
	if err != nil {
		return nil, err
	}
	u.Identity, u.Updated = nil, c.Now
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type itemsResponse struct {
	Items []product.ItemJSON `json:"items"`
	wire.Response
}

// itemsLocked are the user's Items still there. Callers hold a.mu.
func (a *API) itemsLocked(u *User) []product.Item {
	var out []product.Item
	for _, id := range u.ItemIDs {
		if it, ok := a.door.ItemByID(id); ok {
			out = append(out, it)
		}
	}
	return out
}

// HandleItemsGet serves POST /user/items/get: the user's Items, with their
// error state.
func (a *API) HandleItemsGet(c *product.Call, req *refRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(c.ClientID, req.userRef)
	if err != nil {
		return nil, err
	}
	out := &itemsResponse{Items: []product.ItemJSON{}}
	for _, it := range a.itemsLocked(u) {
		out.Items = append(out.Items, it.JSON())
	}
	return out, nil
}

type associateRequest struct {
	product.Credentials
	UserID  string   `json:"user_id" plaid:"required"`
	ItemIDs []string `json:"item_ids" plaid:"required,minitems=1,maxitems=100"`
}

// HandleItemsAssociate serves POST /user/items/associate: the client's
// Items attach to the user, leaving any other user they were with; all
// or none.
func (a *API) HandleItemsAssociate(c *product.Call, req *associateRequest) (any, *wire.Error) {
	for _, id := range req.ItemIDs {
		if it, ok := a.door.ItemByID(id); !ok || it.ClientID != c.ClientID {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("item_ids: %q is not an Item of this client", id)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(c.ClientID, userRef{UserID: &req.UserID})
	if err != nil {
		return nil, err
	}
	for _, other := range a.st.Users {
		if other != u && other.ClientID == c.ClientID {
			other.ItemIDs = slices.DeleteFunc(slices.Clone(other.ItemIDs), func(id string) bool { return slices.Contains(req.ItemIDs, id) })
		}
	}
	for _, id := range req.ItemIDs {
		if !slices.Contains(u.ItemIDs, id) {
			u.ItemIDs = append(u.ItemIDs, id)
		}
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type itemsRemoveRequest struct {
	product.Credentials
	userRef
	ItemIDs []string `json:"item_ids" plaid:"required,minitems=1"`
}

// HandleItemsRemove serves POST /user/items/remove: /item/remove for the
// Items listed, which must all be the user's (else none is removed).
func (a *API) HandleItemsRemove(c *product.Call, req *itemsRemoveRequest) (any, *wire.Error) {
	err := a.locked(func() *wire.Error {
		u, err := a.findLocked(c.ClientID, req.userRef)
		if err != nil {
			return err
		}
		for _, id := range req.ItemIDs {
			if !slices.Contains(u.ItemIDs, id) {
				return wire.New(wire.CodeInvalidField).WithMessage("item_ids: %q is not an Item of this user; nothing was removed", id)
			}
		}
		u.ItemIDs = slices.DeleteFunc(slices.Clone(u.ItemIDs), func(id string) bool { return slices.Contains(req.ItemIDs, id) })
		a.door.StateChanged(a.Name())
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range req.ItemIDs {
		_ = a.door.RemoveItemByID(id)
	}
	return &wire.Response{}, nil
}

type resetLoginRequest struct {
	product.Credentials
	userRef
	ItemIDs []string `json:"item_ids"`
}

// HandleResetLogin serves POST /sandbox/user/reset_login: the user's Items
// (those listed, or all) need a new login, each with its webhook.
func (a *API) HandleResetLogin(c *product.Call, req *resetLoginRequest) (any, *wire.Error) {
	var ids []string
	err := a.locked(func() *wire.Error {
		u, err := a.findLocked(c.ClientID, req.userRef)
		if err != nil {
			return err
		}
		ids = slices.Clone(u.ItemIDs)
		for _, id := range req.ItemIDs {
			if !slices.Contains(ids, id) {
				return wire.New(wire.CodeInvalidField).WithMessage("item_ids: %q is not an Item of this user", id)
			}
		}
		if len(req.ItemIDs) > 0 {
			ids = req.ItemIDs
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		it, err := a.door.UpdateItemByID(id, func(it *product.Item) *wire.Error {
			it.Err = wire.New(wire.CodeItemLoginRequired).ForItem()
			return nil
		})
		if err == nil {
			c.Emit(product.ItemStateChanged{It: it, State: wire.CodeItemLoginRequired})
		}
	}
	return &wire.Response{}, nil
}

// locked runs fn holding a.mu.
func (a *API) locked(fn func() *wire.Error) *wire.Error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return fn()
}
