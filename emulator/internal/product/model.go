package product

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Item is one linked login at one institution, owned by one client.
// Its slices are never changed in place once the item is stored: a change
// builds a new slice, so a copy of the struct is a safe snapshot.
type Item struct {
	ID                string
	ClientID          string
	AccessToken       string
	InstitutionID     string
	InstitutionName   string
	Username          string
	Webhook           *string
	Products          []string // billed products, sorted
	Available         []string // supported by the institution, not yet billed, sorted
	AuthMethod        *string
	Err               *wire.Error
	CreatedAt         time.Time
	Accounts          []Account
	ConsentExpiration *string // set by a PENDING_EXPIRATION state
	Ext               Ext     `json:",omitempty"` // what single products keep on the Item, by module
	Raw               []byte  `json:"-"`          // the Item's JSON (itemJSON), kept current by render
}

// Account is one account of an Item, with what every product needs of it.
type Account struct {
	ID             string
	Name           string
	OfficialName   *string
	Mask           *string
	Type           string
	Subtype        *string
	Balances       BalancesJSON
	HolderCategory *string
	ACH            *fixtures.ACH
	EFT            *fixtures.EFT
	International  *fixtures.International
	BACS           *fixtures.BACS
	Owners         []fixtures.Identity
	Verification   *string             // verification_status, for micro-deposit accounts
	Liability      *fixtures.Liability // what /liabilities/get reports (nil: nulls)
	Holdings       []fixtures.Holding  // an investment account's positions
	InvTx          []fixtures.InvestmentTransaction
	Securities     []fixtures.Security // securities only this account knows (user_custom)
	Ext            Ext                 `json:",omitempty"` // what single products keep on the account, by module
	Raw            []byte              `json:"-"`          // the account's JSON (accountJSON), kept current by render
}

// BalancesJSON is Plaid's AccountBalance: every key present, null where unknown.
type BalancesJSON struct {
	Available              *float64 `json:"available"`
	Current                *float64 `json:"current"`
	Limit                  *float64 `json:"limit"`
	ISOCurrencyCode        *string  `json:"iso_currency_code"`
	UnofficialCurrencyCode *string  `json:"unofficial_currency_code"`
}

// AccountJSON is Plaid's AccountBase.
type AccountJSON struct {
	AccountID      string       `json:"account_id"`
	Balances       BalancesJSON `json:"balances"`
	Mask           *string      `json:"mask"`
	Name           string       `json:"name"`
	OfficialName   *string      `json:"official_name"`
	Type           string       `json:"type"`
	Subtype        *string      `json:"subtype"`
	HolderCategory *string      `json:"holder_category,omitempty"`
	Verification   *string      `json:"verification_status,omitempty"`
}

func (a *Account) JSON() AccountJSON {
	return AccountJSON{AccountID: a.ID, Balances: a.Balances, Mask: a.Mask, Name: a.Name,
		OfficialName: a.OfficialName, Type: a.Type, Subtype: a.Subtype, HolderCategory: a.HolderCategory,
		Verification: a.Verification}
}

// ItemJSON is Plaid's Item; the created_at/consent fields appear on /item/get only.
type ItemJSON struct {
	ItemID                string      `json:"item_id"`
	InstitutionID         *string     `json:"institution_id"`
	InstitutionName       *string     `json:"institution_name"`
	Webhook               *string     `json:"webhook"`
	AuthMethod            *string     `json:"auth_method"`
	Error                 *wire.Error `json:"error"`
	AvailableProducts     []string    `json:"available_products"`
	BilledProducts        []string    `json:"billed_products"`
	Products              []string    `json:"products"`
	ConsentedProducts     []string    `json:"consented_products"`
	ConsentExpirationTime *string     `json:"consent_expiration_time"`
	UpdateType            string      `json:"update_type"`
	CreatedAt             *string     `json:"created_at,omitempty"`
	ConsentedUseCases     []string    `json:"consented_use_cases,omitempty"`
	ConsentedDataScopes   []string    `json:"consented_data_scopes,omitempty"`
}

func (it *Item) JSON() ItemJSON {
	var instID, instName *string
	if it.InstitutionID != "" { // none for an Item of typed numbers (same-day micro-deposits)
		instID, instName = &it.InstitutionID, &it.InstitutionName
	}
	return ItemJSON{
		ItemID:                it.ID,
		InstitutionID:         instID,
		InstitutionName:       instName,
		Webhook:               it.Webhook,
		AuthMethod:            it.AuthMethod,
		Error:                 it.Err,
		AvailableProducts:     NonNil(it.Available),
		BilledProducts:        NonNil(it.Products),
		Products:              NonNil(it.Products),
		ConsentedProducts:     NonNil(it.Products),
		ConsentExpirationTime: it.ConsentExpiration,
		UpdateType:            "background",
	}
}

// Render re-encodes the cached JSON of the Item and its accounts. The store
// calls it after every change, so hot reads only copy bytes.
func (it *Item) Render() {
	it.Raw = MustMarshal(it.JSON())
	accts := make([]Account, len(it.Accounts))
	for i, a := range it.Accounts {
		a.Raw = MustMarshal(a.JSON())
		accts[i] = a
	}
	it.Accounts = accts
}

func MustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("emulator: cannot encode " + err.Error()) // only plain data structs are encoded here
	}
	return b
}

// NonNil makes an empty list encode as [] rather than null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// HasProduct reports whether p is billed on the Item.
func (it *Item) HasProduct(p string) bool { return slices.Contains(it.Products, p) }

// SelectAccounts applies options.account_ids: nil means all, an unknown id is
// INVALID_ACCOUNT_ID. The result keeps the Item's account order.
func (it *Item) SelectAccounts(ids []string) ([]*Account, *wire.Error) {
	out := make([]*Account, 0, len(it.Accounts))
	if ids == nil {
		for i := range it.Accounts {
			out = append(out, &it.Accounts[i])
		}
		return out, nil
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !slices.ContainsFunc(it.Accounts, func(a Account) bool { return a.ID == id }) {
			return nil, wire.New(wire.CodeInvalidAccountID)
		}
		want[id] = true
	}
	for i := range it.Accounts {
		if want[it.Accounts[i].ID] {
			out = append(out, &it.Accounts[i])
		}
	}
	return out, nil
}

// AccountIndex finds an account of the Item by id.
func AccountIndex(it Item, id string) int32 {
	return int32(slices.IndexFunc(it.Accounts, func(a Account) bool { return a.ID == id }))
}

// RFC3339 is a time as Plaid writes it.
func RFC3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// AuthSubtypes are the depository subtypes that carry ACH numbers, the
// accounts Auth answers and Link offers for Auth or Transfer
// (https://plaid.com/docs/sandbox/test-credentials/).
var AuthSubtypes = []string{"checking", "savings", "cash management"}
