package items

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Connected applications (https://plaid.com/docs/api/items/#itemapplicationlist):
// the apps a user's Item shares data with, as a data partner or the
// user's portal sees them. In the emulator an Item has one: the client
// that made it, application "app-<client_id>". Scopes set for it are kept
// with the Item (this module's extension); unlinking it revokes the
// Item's access (USER_PERMISSION_REVOKED, with its webhook).

// applicationOf is the Item's connected application's id.
func applicationOf(it product.Item) string { return "app-" + it.ClientID }

// checkApplication refuses an application id not connected to the Item:
// its own, or one seeded (/sandbox/item/application/seed).
func checkApplication(it product.Item, id string) *wire.Error {
	if id != applicationOf(it) && seededIndex(extOf(it), id) < 0 {
		return wire.New(wire.CodeInvalidField).WithMessage("application_id is not an application connected to this Item")
	}
	return nil
}

// extension is what the items module keeps on an Item: its application's
// scopes, whether /item/import made it (a Permissions Manager Item), and
// the applications seeded on it.
type extension struct {
	Scopes   json.RawMessage `json:"scopes,omitempty"`
	Imported bool            `json:"imported,omitempty"`
	Seeded   []seededApp     `json:"seeded,omitempty"`
}

type seededApp struct {
	ID      string          `json:"id"`
	Created time.Time       `json:"created"`
	Scopes  json.RawMessage `json:"scopes,omitempty"`
}

func extOf(it product.Item) extension {
	var ext extension
	it.Ext.Get("items", &ext)
	return ext
}

func seededIndex(ext extension, id string) int {
	return slices.IndexFunc(ext.Seeded, func(a seededApp) bool { return a.ID == id })
}

type connectedApplication struct {
	ApplicationID   string          `json:"application_id"`
	Name            string          `json:"name"`
	DisplayName     *string         `json:"display_name"`
	LogoURL         *string         `json:"logo_url"`
	ApplicationURL  *string         `json:"application_url"`
	ReasonForAccess *string         `json:"reason_for_access"`
	CreatedAt       string          `json:"created_at"`
	Scopes          json.RawMessage `json:"scopes"`
}

type applicationListRequest struct {
	product.Credentials
	AccessToken *string `json:"access_token"`
}

type applicationListResponse struct {
	Applications []connectedApplication `json:"applications"`
	wire.Response
}

// handleApplicationList serves POST /item/application/list: the Item's
// application (none without an access token: no user is named).
func handleApplicationList(c *product.Call, req *applicationListRequest) (any, *wire.Error) {
	out := &applicationListResponse{Applications: []connectedApplication{}}
	if req.AccessToken == nil {
		return out, nil
	}
	it, err := c.Items.Item(c.ClientID, *req.AccessToken)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	ext := extOf(it)
	out.Applications = append(out.Applications, connectedApplication{ApplicationID: applicationOf(it), Name: it.ClientID,
		CreatedAt: product.RFC3339(it.CreatedAt), Scopes: orNull(ext.Scopes)})
	for _, a := range ext.Seeded {
		out.Applications = append(out.Applications, connectedApplication{ApplicationID: a.ID, Name: "Seeded application " + a.ID,
			CreatedAt: product.RFC3339(a.Created), Scopes: orNull(a.Scopes)})
	}
	return out, nil
}

type scopesUpdateRequest struct {
	product.Credentials
	AccessToken   string          `json:"access_token" plaid:"required"`
	ApplicationID string          `json:"application_id" plaid:"required"`
	Scopes        json.RawMessage `json:"scopes" plaid:"required"`
	State         *string         `json:"state"`
	Context       string          `json:"context" plaid:"required"`
}

// handleScopesUpdate serves POST /item/application/scopes/update: the
// scopes the user gives the Item's application, kept and listed; an
// ENROLLMENT (from Link) needs its state.
func handleScopesUpdate(c *product.Call, req *scopesUpdateRequest) (any, *wire.Error) {
	if req.Context == "ENROLLMENT" && product.Deref(req.State, "") == "" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("state is required when context is ENROLLMENT")
	}
	_, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		if err := checkApplication(*it, req.ApplicationID); err != nil {
			return err
		}
		c.ItemID = it.ID
		ext := extOf(*it)
		if i := seededIndex(ext, req.ApplicationID); i >= 0 {
			ext.Seeded = slices.Clone(ext.Seeded)
			ext.Seeded[i].Scopes = req.Scopes
		} else {
			ext.Scopes = req.Scopes
		}
		it.Ext = it.Ext.With("items", ext)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

type applicationUnlinkRequest struct {
	product.Credentials
	AccessToken   string `json:"access_token" plaid:"required"`
	ApplicationID string `json:"application_id" plaid:"required"`
}

// handleApplicationUnlink serves POST /item/application/unlink: the user
// revokes the application's access: the Item enters
// USER_PERMISSION_REVOKED and its webhook says so.
func handleApplicationUnlink(c *product.Call, req *applicationUnlinkRequest) (any, *wire.Error) {
	seeded := false
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		if err := checkApplication(*it, req.ApplicationID); err != nil {
			return err
		}
		if ext := extOf(*it); seededIndex(ext, req.ApplicationID) >= 0 { // a seeded app only disconnects
			ext.Seeded = slices.DeleteFunc(slices.Clone(ext.Seeded), func(a seededApp) bool { return a.ID == req.ApplicationID })
			it.Ext, seeded = it.Ext.With("items", ext), true
			return nil
		}
		it.Err = wire.New(wire.CodeUserPermissionRevoked).ForItem()
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	if !seeded {
		c.Emit(product.ItemStateChanged{It: it, State: wire.CodeUserPermissionRevoked})
	}
	return &wire.Response{}, nil
}

type seedRequest struct {
	product.Credentials
	AccessToken   string `json:"access_token" plaid:"required"`
	ApplicationID string `json:"application_id" plaid:"required,minlen=1"`
}

type seedResponse struct {
	ItemID string `json:"item_id"`
	wire.Response
}

// handleApplicationSeed serves POST /sandbox/item/application/seed: a test
// application connected to a Permissions Manager Item (one /item/import
// made), listed by /item/application/list until unlinked; seeding one
// twice keeps one.
func handleApplicationSeed(c *product.Call, req *seedRequest) (any, *wire.Error) {
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		ext := extOf(*it)
		switch {
		case !ext.Imported:
			return wire.New(wire.CodeInvalidField).WithMessage("access_token must be of a Permissions Manager Item, one made with /item/import")
		case req.ApplicationID == applicationOf(*it):
			return wire.New(wire.CodeInvalidField).WithMessage("application_id is the Item's own application, already connected")
		case seededIndex(ext, req.ApplicationID) < 0:
			ext.Seeded = append(slices.Clone(ext.Seeded), seededApp{ID: req.ApplicationID, Created: c.Now})
			it.Ext = it.Ext.With("items", ext)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	return &seedResponse{ItemID: it.ID}, nil
}

func orNull(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return json.RawMessage("null")
	}
	return raw
}
