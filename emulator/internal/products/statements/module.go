package statements

import (
	"encoding/json"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

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

// months are the months an Item's statements cover, kept on the Item (first
// days; none: the 12 before the Item was made).
type months struct{ From, To time.Time }

// ItemExt keeps the months options.statements asks for on a new Item.
func (module) ItemExt(options map[string]json.RawMessage, now time.Time) (any, *wire.Error) {
	raw, ok := options["statements"]
	if !ok {
		return nil, nil
	}
	var o struct {
		StartDate string `json:"start_date"`
		EndDate   string `json:"end_date"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("options.statements must be an object with start_date and end_date")
	}
	from, to, err := Range(o.StartDate, o.EndDate, now)
	if err != nil {
		return nil, err
	}
	return months{from, to}, nil
}
