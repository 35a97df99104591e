package transactions

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Name names the product module: Transactions, with the processor partner side.
func (p *API) Name() string { return "transactions" }

// Endpoints are the Plaid paths it serves.
func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/transactions/sync", p.HandleTransactionsSync),
		product.Op("/transactions/get", p.HandleTransactionsGet),
		product.Op("/transactions/recurring/get", p.HandleTransactionsRecurringGet),
		product.Op("/transactions/refresh", p.HandleTransactionsRefresh),
		product.Op("/sandbox/transactions/create", p.HandleSandboxTransactionsCreate),
		product.Op("/processor/transactions/sync", p.HandleProcessorTransactionsSync),
		product.Op("/processor/transactions/get", p.HandleProcessorTransactionsGet),
		product.Op("/processor/transactions/refresh", p.HandleProcessorTransactionsRefresh),
		product.Op("/processor/transactions/recurring/get", p.HandleProcessorTransactionsRecurringGet),
	}
}

var _ product.Module = (*API)(nil)
