package program

import (
	"maps"
	"slices"
)

// SavedItem is a platform item as --state keeps it.
type SavedItem struct {
	ItemID, ProfileID, AccessToken, InstitutionID, InstitutionName string
	Accounts                                                       []string
}

// Snapshot returns copies of every item (by Plaid item id) and bank
// account (in id order).
func (a *API) Snapshot() (map[string]SavedItem, []BankAccount) {
	a.mu.Lock()
	defer a.mu.Unlock()
	items := make(map[string]SavedItem, len(a.items))
	for id, pi := range a.items {
		items[id] = SavedItem{pi.itemID, pi.profileID, pi.accessToken, pi.institutionID, pi.institutionName, slices.Clone(pi.accounts)}
	}
	accts := make([]BankAccount, 0, len(a.accounts))
	for _, id := range slices.Sorted(maps.Keys(a.accounts)) {
		accts = append(accts, *a.accounts[id])
	}
	return items, accts
}

// Restore adds saved items and bank accounts.
func (a *API) Restore(items map[string]SavedItem, accts []BankAccount) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, pi := range items {
		a.items[id] = &item{itemID: pi.ItemID, profileID: pi.ProfileID, accessToken: pi.AccessToken,
			institutionID: pi.InstitutionID, institutionName: pi.InstitutionName, accounts: pi.Accounts}
	}
	for i := range accts {
		ba := accts[i]
		a.accounts[ba.ID] = &ba
	}
}
