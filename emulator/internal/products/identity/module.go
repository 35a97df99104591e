package identity

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Module is Identity and Identity Match, with the processor partner side, as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "identity" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/identity/get", HandleIdentityGet),
		product.Op("/identity/match", HandleIdentityMatch),
		product.Op("/identity/refresh", HandleIdentityRefresh),
		product.Op("/identity/documents/uploads/get", HandleDocumentsUploadsGet),
		product.Op("/processor/identity/get", HandleProcessorIdentityGet),
		product.Op("/processor/identity/match", HandleProcessorIdentityMatch),
	}
}
