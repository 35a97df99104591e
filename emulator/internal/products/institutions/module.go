package institutions

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Module is the institutions directory, as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "institutions" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/institutions/get", HandleInstitutionsGet),
		product.Op("/institutions/get_by_id", HandleInstitutionsGetByID),
		product.Op("/institutions/search", HandleInstitutionsSearch),
	}
}
