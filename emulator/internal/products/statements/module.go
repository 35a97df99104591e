package statements

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Module is Statements, as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "statements" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/statements/list", HandleStatementsList),
		product.Op("/statements/download", HandleStatementsDownload),
		product.Op("/statements/refresh", HandleStatementsRefresh),
	}
}
