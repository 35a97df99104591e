package liabilities

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Module is Liabilities, with the processor partner side, as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "liabilities" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/liabilities/get", HandleLiabilitiesGet),
		product.Op("/processor/liabilities/get", HandleProcessorLiabilitiesGet),
	}
}
