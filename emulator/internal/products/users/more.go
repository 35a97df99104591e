package users

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The rest of the user API: third-party tokens (a partner reads the
// user's Consumer Report with one), ending a user's products, and
// refreshing all of a user's Items at once.

// ThirdParty is a third-party user token, as --state keeps it.
type ThirdParty struct {
	ClientID, UserID, Partner string
	Expires                   time.Time `json:",omitzero"`
}

type thirdPartyCreateRequest struct {
	product.Credentials
	userRef
	Partner    string  `json:"third_party_client_id" plaid:"required,minlen=1"`
	Expiration *string `json:"expiration_time" plaid:"format=date-time"`
}

type thirdPartyCreateResponse struct {
	Token string `json:"third_party_user_token"`
	wire.Response
}

// HandleThirdPartyCreate serves POST /user/third_party_token/create.
func (a *API) HandleThirdPartyCreate(c *product.Call, req *thirdPartyCreateRequest) (any, *wire.Error) {
	tp := &ThirdParty{ClientID: c.ClientID, Partner: req.Partner}
	if req.Expiration != nil {
		at, err := time.Parse(time.RFC3339, *req.Expiration)
		if err != nil || !at.After(c.Now) {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("expiration_time must be a date-time in the future")
		}
		tp.Expires = at
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(c.ClientID, req.userRef)
	if err != nil {
		return nil, err
	}
	tp.UserID = u.ID
	tok := "third-party-user-sandbox-" + a.door.NewUUID()
	a.st.ThirdParty[tok] = tp
	a.door.StateChanged(a.Name())
	return &thirdPartyCreateResponse{Token: tok}, nil
}

type thirdPartyRemoveRequest struct {
	product.Credentials
	Token string `json:"third_party_user_token" plaid:"required"`
}

type thirdPartyRemoveResponse struct {
	Removed bool `json:"removed"`
	wire.Response
}

// HandleThirdPartyRemove serves POST /user/third_party_token/remove.
func (a *API) HandleThirdPartyRemove(c *product.Call, req *thirdPartyRemoveRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tp := a.st.ThirdParty[req.Token]
	if tp == nil || tp.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("third_party_user_token is not a token this client made")
	}
	delete(a.st.ThirdParty, req.Token)
	a.door.StateChanged(a.Name())
	return &thirdPartyRemoveResponse{Removed: true}, nil
}

type terminateRequest struct {
	product.Credentials
	UserID     string  `json:"user_id" plaid:"required"`
	ReasonCode string  `json:"reason_code" plaid:"required,enum=products_terminate_reasons"`
	ReasonNote *string `json:"reason_note" plaid:"maxlen=512"`
}

// HandleProductsTerminate serves POST /user/products/terminate: the user's
// user-level subscriptions end (the emulator has none running yet: it
// records nothing but checks the user).
func (a *API) HandleProductsTerminate(c *product.Call, req *terminateRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.findLocked(c.ClientID, userRef{UserID: &req.UserID}); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

type refreshRequest struct {
	product.Credentials
	UserID string `json:"user_id" plaid:"required"`
}

type refreshResult struct {
	ItemID  string      `json:"item_id"`
	Product string      `json:"product"`
	Error   *wire.Error `json:"error"`
}

type refreshResponse struct {
	UserID  string          `json:"user_id"`
	Results []refreshResult `json:"results"`
	wire.Response
}

// HandleRefresh serves POST /user/financial_data/refresh and
// /user/transactions/refresh: /transactions/refresh for each of the user's
// Items with Transactions (their webhooks as it sends them); an Item in an
// error state answers its error instead.
func (a *API) HandleRefresh(c *product.Call, req *refreshRequest) (any, *wire.Error) {
	var items []product.Item
	if err := a.locked(func() *wire.Error {
		u, err := a.findLocked(c.ClientID, userRef{UserID: &req.UserID})
		if err == nil {
			items = a.itemsLocked(u)
		}
		return err
	}); err != nil {
		return nil, err
	}
	out := &refreshResponse{UserID: req.UserID, Results: []refreshResult{}}
	for _, it := range items {
		if !slices.Contains(it.Products, "transactions") {
			continue
		}
		r := refreshResult{ItemID: it.ID, Product: "transactions", Error: it.Err}
		if it.Err == nil {
			c.Emit(a.door.Refresh(it.ID, c.Now))
		}
		out.Results = append(out.Results, r)
	}
	return out, nil
}
