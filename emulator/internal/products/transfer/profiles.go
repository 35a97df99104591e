package transfer

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Payment profiles (https://plaid.com/docs/api/products/transfer/payment-profiles/):
// a token the app keeps instead of an access token. It is PENDING until
// Link, opened with transfer.payment_profile_token, links an account to
// it (READY); /payment_profile/remove ends it (REMOVED).
// /sandbox/payment_profile/reset_login puts its Item into
// ITEM_LOGIN_REQUIRED, so authorizations on it need the user
// (user_action_required) until Link, opened with the token again, repairs
// the login.

// Profile is a payment profile, as --state keeps it.
type Profile struct {
	Token, ClientID, Status string
	ItemID, AccountID       string // the account Link linked to it
	Created, Updated        time.Time
	Deleted                 time.Time `json:",omitzero"`
}

type profileRequest struct {
	product.Credentials
	PaymentProfileToken string `json:"payment_profile_token" plaid:"required"`
}

type profileCreateResponse struct {
	PaymentProfileToken string `json:"payment_profile_token"`
	wire.Response
}

// HandleProfileCreate serves POST /payment_profile/create.
func (a *API) HandleProfileCreate(c *product.Call, req *product.Credentials) (any, *wire.Error) {
	pr := &Profile{Token: "payment-profile-sandbox-" + a.door.NewUUID(), ClientID: c.ClientID, Status: "PENDING", Created: c.Now, Updated: c.Now}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Profiles[pr.Token] = pr
	a.door.StateChanged(a.Name())
	return &profileCreateResponse{PaymentProfileToken: pr.Token}, nil
}

// profileLocked is the client's profile. Callers hold a.mu.
func (a *API) profileLocked(clientID, token string) (*Profile, *wire.Error) {
	pr := a.st.Profiles[token]
	if pr == nil || pr.ClientID != clientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("payment_profile_token is not a payment profile of this client")
	}
	return pr, nil
}

type profileGetResponse struct {
	Status  string  `json:"status"`
	Created string  `json:"created_at"`
	Updated string  `json:"updated_at"`
	Deleted *string `json:"deleted_at"`
	wire.Response
}

// HandleProfileGet serves POST /payment_profile/get.
func (a *API) HandleProfileGet(c *product.Call, req *profileRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	pr, err := a.profileLocked(c.ClientID, req.PaymentProfileToken)
	if err != nil {
		return nil, err
	}
	out := &profileGetResponse{Status: pr.Status, Created: product.RFC3339(pr.Created), Updated: product.RFC3339(pr.Updated)}
	if !pr.Deleted.IsZero() {
		out.Deleted = product.Ptr(product.RFC3339(pr.Deleted))
	}
	return out, nil
}

// HandleProfileRemove serves POST /payment_profile/remove: REMOVED, for good.
func (a *API) HandleProfileRemove(c *product.Call, req *profileRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	pr, err := a.profileLocked(c.ClientID, req.PaymentProfileToken)
	if err != nil {
		return nil, err
	}
	if pr.Status != "REMOVED" {
		pr.Status, pr.Updated, pr.Deleted = "REMOVED", c.Now, c.Now
		a.door.StateChanged(a.Name())
	}
	return &wire.Response{}, nil
}

type resetLoginResponse struct {
	ResetLogin bool `json:"reset_login"`
	wire.Response
}

// HandleProfileResetLogin serves POST /sandbox/payment_profile/reset_login:
// the profile's Item needs a new login (a READY profile only).
func (a *API) HandleProfileResetLogin(c *product.Call, req *profileRequest) (any, *wire.Error) {
	pr, err := a.Profile(c.ClientID, req.PaymentProfileToken)
	if err == nil && pr.Status != "READY" {
		err = wire.New(wire.CodeInvalidField).WithMessage("the payment profile is %s: only a READY one has a login to reset", pr.Status)
	}
	if err != nil {
		return nil, err
	}
	itemID := pr.ItemID
	it, err := a.door.UpdateItemByID(itemID, func(it *product.Item) *wire.Error {
		it.Err = wire.New(wire.CodeItemLoginRequired).ForItem()
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	c.Emit(product.ItemStateChanged{It: it, State: wire.CodeItemLoginRequired})
	return &resetLoginResponse{ResetLogin: true}, nil
}

// Profile is a copy of the client's payment profile (for Link: which
// flow its token opens).
func (a *API) Profile(clientID, token string) (Profile, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	pr, err := a.profileLocked(clientID, token)
	if err != nil {
		return Profile{}, err
	}
	return *pr, nil
}

// LinkProfile is Link linking an account to a PENDING profile: READY.
func (a *API) LinkProfile(clientID, token, itemID, accountID string, now time.Time) *wire.Error {
	a.mu.Lock()
	defer a.mu.Unlock()
	pr, err := a.profileLocked(clientID, token)
	if err != nil {
		return err
	}
	if pr.Status == "PENDING" {
		pr.Status, pr.ItemID, pr.AccountID, pr.Updated = "READY", itemID, accountID, now
		a.door.StateChanged(a.Name())
	}
	return nil
}
