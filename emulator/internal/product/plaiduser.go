package product

import (
	"encoding/json"
	"maps"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// PlaidUser is a Plaid user (/user/create) as the products built on users
// see it (Income, Link): its id, its regime and the Items attached to it.
type PlaidUser struct {
	ID       string
	ClientID string
	// Legacy: the user has a user_token (the legacy user API); its
	// webhooks use the legacy codes.
	Legacy  bool
	ItemIDs []string
}

// Users finds a client's Plaid user as a request names it (user_id, a
// legacy token sent there, or user_token), with Plaid's error otherwise.
type Users interface {
	FindUser(clientID string, userID, userToken *string) (PlaidUser, *wire.Error)
	// UserByID is a user by its id, whoever's it is.
	UserByID(id string) (PlaidUser, bool)
}

// UserLink is an Item made for a Plaid user (in Link, or by
// /sandbox/public_token/create with a user): what the products built on
// users hear of it. Options are the link token's (or the call's) fields
// those products read, raw, by name (income_verification, cra_options,
// consumer_report_permissible_purpose, products); Webhook is the URL the
// user's webhooks go to.
type UserLink struct {
	UserID    string
	ItemID    string
	SessionID string
	Options   map[string]json.RawMessage
	Webhook   string
	// Documents are the files a Document Income session uploaded
	// ([{name, content}], raw).
	Documents json.RawMessage
}

// UserLinker is a module that hears of each Item made for a Plaid user
// (Income, Consumer Report) and answers the Link session's results it
// adds (/link/token/get's shape), or the error that fails the session.
type UserLinker interface {
	Linked(c *Call, l UserLink) (map[string]any, *wire.Error)
}

// LinkUser tells every UserLinker of modules of l, merging their results.
func LinkUser(c *Call, l UserLink, modules []Module) (map[string]any, *wire.Error) {
	out := map[string]any{}
	for _, m := range modules {
		if ul, ok := m.(UserLinker); ok {
			r, err := ul.Linked(c, l)
			if err != nil {
				return nil, err
			}
			maps.Copy(out, r)
		}
	}
	return out, nil
}

// Find is the first module that is a T (T's zero value: none).
func Find[T any](modules []Module) T {
	for _, m := range modules {
		if v, ok := m.(T); ok {
			return v
		}
	}
	var none T
	return none
}
