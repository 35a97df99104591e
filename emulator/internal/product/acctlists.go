package product

// Subtypes lists accounts' subtypes ("" for none): what a history needs of them.
func Subtypes(accts []Account) []string {
	out := make([]string, len(accts))
	for i, a := range accts {
		if a.Subtype != nil {
			out[i] = *a.Subtype
		}
	}
	return out
}

// AccountIDs lists accounts' ids in order.
func AccountIDs(accts []Account) []string {
	out := make([]string, len(accts))
	for i, a := range accts {
		out[i] = a.ID
	}
	return out
}
