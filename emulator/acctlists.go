package emulator

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// subtypes lists accounts' subtypes ("" for none): what a history needs of them.
func subtypes(accts []product.Account) []string {
	out := make([]string, len(accts))
	for i, a := range accts {
		if a.Subtype != nil {
			out[i] = *a.Subtype
		}
	}
	return out
}

// accountIDs lists accounts' ids in order.
func accountIDs(accts []product.Account) []string {
	out := make([]string, len(accts))
	for i, a := range accts {
		out[i] = a.ID
	}
	return out
}
