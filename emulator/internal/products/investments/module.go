package investments

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Module is Investments, with the processor partner side, as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "investments" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/investments/holdings/get", HandleInvestmentsHoldingsGet),
		product.Op("/investments/transactions/get", HandleInvestmentsTransactionsGet),
		product.Op("/investments/refresh", HandleInvestmentsRefresh),
		product.Op("/investments/auth/get", HandleInvestmentsAuthGet),
		product.Op("/processor/investments/holdings/get", HandleProcessorInvestmentsHoldingsGet),
		product.Op("/processor/investments/transactions/get", HandleProcessorInvestmentsTransactionsGet),
		product.Op("/processor/investments/auth/get", HandleProcessorInvestmentsAuthGet),
	}
}
