package items

import (
	"encoding/json"

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

// checkApplication refuses an application id not connected to the Item.
func checkApplication(it product.Item, id string) *wire.Error {
	if id != applicationOf(it) {
		return wire.New(wire.CodeInvalidField).WithMessage("application_id is not an application connected to this Item")
	}
	return nil
}

// extension is what the items module keeps on an Item.
type extension struct {
	Scopes json.RawMessage `json:"scopes,omitempty"`
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
	var ext extension
	it.Ext.Get("items", &ext)
	scopes := ext.Scopes
	if scopes == nil {
		scopes = json.RawMessage("null")
	}
	out.Applications = append(out.Applications, connectedApplication{ApplicationID: applicationOf(it), Name: it.ClientID,
		CreatedAt: product.RFC3339(it.CreatedAt), Scopes: scopes})
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
		it.Ext = it.Ext.With("items", extension{Scopes: req.Scopes})
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
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		if err := checkApplication(*it, req.ApplicationID); err != nil {
			return err
		}
		it.Err = wire.New(wire.CodeUserPermissionRevoked).ForItem()
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	c.Emit(product.ItemStateChanged{It: it, State: wire.CodeUserPermissionRevoked})
	return &wire.Response{}, nil
}
