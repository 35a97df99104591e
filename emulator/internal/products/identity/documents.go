package identity

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type documentsAccountJSON struct {
	IdentityAccountJSON
	Documents []any `json:"documents"` // null: no document was uploaded
}

type documentsUploadsGetResponse struct {
	Accounts []documentsAccountJSON `json:"accounts"`
	Item     product.ItemJSON       `json:"item"`
	wire.Response
}

// HandleDocumentsUploadsGet serves POST /identity/documents/uploads/get
// (https://plaid.com/docs/api/products/identity/#identitydocumentsuploadsget):
// every selected account with its owners and the bank statements the user
// uploaded in Link as proof of ownership. No Link flow of the emulator
// uploads one, so each account's documents are null.
func HandleDocumentsUploadsGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, accts, err := ownersOf(c, req)
	if err != nil {
		return nil, err
	}
	out := make([]documentsAccountJSON, len(accts))
	for i, a := range accts {
		out[i] = documentsAccountJSON{IdentityAccountJSON: a}
	}
	return &documentsUploadsGetResponse{Accounts: out, Item: it.JSON()}, nil
}
