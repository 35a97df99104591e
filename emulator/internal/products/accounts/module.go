package accounts

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Module is Accounts, with Balance and Auth, and their processor partner side, as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "accounts" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/accounts/get", HandleAccountsGet),
		product.Op("/accounts/balance/get", HandleAccountsBalanceGet),
		product.Op("/auth/get", HandleAuthGet),
		product.Op("/processor/account/get", HandleProcessorAccountGet),
		product.Op("/processor/auth/get", HandleProcessorAuthGet),
		product.Op("/processor/balance/get", HandleProcessorBalanceGet),
	}
}
