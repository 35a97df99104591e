package items

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Two Item endpoints Plaid's API has beside the everyday ones
// (https://plaid.com/docs/api/items/): ending an Item's products, and the
// activity a user's data partners see.

type productsTerminateRequest struct {
	product.Credentials
	AccessToken string  `json:"access_token" plaid:"required"`
	ReasonCode  string  `json:"reason_code" plaid:"required,enum=products_terminate_reasons"`
	ReasonNote  *string `json:"reason_note" plaid:"maxlen=512"`
}

// handleProductsTerminate serves POST /item/products/terminate: billing
// ends and the Item goes as /item/remove makes it go (its tokens stop
// working); the Sandbox sends no webhook for it.
func (p *API) handleProductsTerminate(c *product.Call, req *productsTerminateRequest) (any, *wire.Error) {
	return p.remove(c, req.AccessToken)
}

type activityListRequest struct {
	product.Credentials
	AccessToken *string `json:"access_token"`
	Cursor      *string `json:"cursor"`
	Count       *int    `json:"count" plaid:"min=1,max=50"`
}

type activityListResponse struct {
	Activities          []any   `json:"activities"`
	LastDataAccessTimes []any   `json:"last_data_access_times"`
	Cursor              *string `json:"cursor,omitempty"`
	wire.Response
}

// handleActivityList serves POST /item/activity/list: a data partner's
// view of a user's connections. The Sandbox has no partners: the lists are
// empty, as in the spec's example; an access token given must be the
// client's.
func handleActivityList(c *product.Call, req *activityListRequest) (any, *wire.Error) {
	if req.AccessToken != nil {
		it, err := c.Items.Item(c.ClientID, *req.AccessToken)
		if err != nil {
			return nil, err
		}
		c.ItemID = it.ID
	}
	return &activityListResponse{Activities: []any{}, LastDataAccessTimes: []any{}}, nil
}
