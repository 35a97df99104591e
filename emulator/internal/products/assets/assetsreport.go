package assets

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// The body of an Asset Report: each Item's accounts with balances, owners,
// the transactions of the days requested, and daily balances.

// assetBalanceDays caps the daily balances of an account.
const assetBalanceDays = 90

type assetTxJSON struct {
	AccountID              string   `json:"account_id"`
	Amount                 float64  `json:"amount"`
	ISOCurrencyCode        *string  `json:"iso_currency_code"`
	UnofficialCurrencyCode *string  `json:"unofficial_currency_code"`
	OriginalDescription    *string  `json:"original_description"`
	Category               []string `json:"category"`
	CategoryID             *string  `json:"category_id"`
	CheckNumber            *string  `json:"check_number"`
	Date                   string   `json:"date"`
	DateTransacted         *string  `json:"date_transacted"`
	Name                   string   `json:"name"`
	MerchantName           *string  `json:"merchant_name"`
	Pending                bool     `json:"pending"`
	PendingTransactionID   *string  `json:"pending_transaction_id"`
	AccountOwner           *string  `json:"account_owner"`
	TransactionID          string   `json:"transaction_id"`
	TransactionType        *string  `json:"transaction_type"`
}

type historicalBalanceJSON struct {
	Date                   string  `json:"date"`
	Current                float64 `json:"current"`
	ISOCurrencyCode        *string `json:"iso_currency_code"`
	UnofficialCurrencyCode *string `json:"unofficial_currency_code"`
}

type assetAccountJSON struct {
	AccountID          string                     `json:"account_id"`
	Balances           product.MarginBalancesJSON `json:"balances"`
	Mask               *string                    `json:"mask"`
	Name               string                     `json:"name"`
	OfficialName       *string                    `json:"official_name"`
	Type               string                     `json:"type"`
	Subtype            *string                    `json:"subtype"`
	DaysAvailable      int                        `json:"days_available"`
	Transactions       []assetTxJSON              `json:"transactions"`
	Owners             []any                      `json:"owners"`
	OwnershipType      *string                    `json:"ownership_type"`
	HistoricalBalances []historicalBalanceJSON    `json:"historical_balances"`
}

type assetItemJSON struct {
	ItemID          string             `json:"item_id"`
	InstitutionName string             `json:"institution_name"`
	InstitutionID   string             `json:"institution_id"`
	DateLastUpdated string             `json:"date_last_updated"`
	Accounts        []assetAccountJSON `json:"accounts"`
}

// assetReportJSON builds the AssetReport object as of now.
func (p *API) assetReportJSON(now time.Time, ar *Report, items []product.Item) json.RawMessage {
	out := struct {
		AssetReportID  string          `json:"asset_report_id"`
		ClientReportID *string         `json:"client_report_id"`
		DateGenerated  string          `json:"date_generated"`
		DaysRequested  int             `json:"days_requested"`
		User           json.RawMessage `json:"user"`
		Items          []assetItemJSON `json:"items"`
	}{ar.ID, ar.ClientReportID, product.RFC3339(now), ar.DaysRequested, ar.User, []assetItemJSON{}}
	today := ledger.Day(now)
	for _, it := range items {
		rows, names := p.door.Rows(it, ar.DaysRequested, now)
		ij := assetItemJSON{ItemID: it.ID, InstitutionName: it.InstitutionName, InstitutionID: it.InstitutionID,
			DateLastUpdated: product.RFC3339(now), Accounts: []assetAccountJSON{}}
		for i := range it.Accounts {
			a := &it.Accounts[i]
			aj := assetAccountJSON{AccountID: a.ID, Mask: a.Mask, Name: a.Name, OfficialName: a.OfficialName, Type: a.Type,
				Subtype: a.Subtype, DaysAvailable: ar.DaysRequested, Transactions: []assetTxJSON{}, Owners: []any{},
				HistoricalBalances: []historicalBalanceJSON{}}
			aj.Balances.BalancesJSON = a.Balances
			for _, o := range a.Owners {
				aj.Owners = append(aj.Owners, o)
			}
			byDay := map[int32]float64{}
			for _, t := range rows {
				if t.Account != int32(i) || t.Removed || t.Date < today-int32(ar.DaysRequested) || t.Date > today {
					continue
				}
				aj.Transactions = append(aj.Transactions, assetTx(p.door.Catalog(), &t, names, a.ID))
				if !t.Pending {
					byDay[t.Date] += t.Amount
				}
			}
			if (a.Type == "depository" || a.Type == "credit") && a.Balances.Current != nil {
				aj.HistoricalBalances = historicalBalances(*a.Balances.Current, a.Type == "credit", byDay, today,
					min(ar.DaysRequested, assetBalanceDays), a.Balances.ISOCurrencyCode)
			}
			ij.Accounts = append(ij.Accounts, aj)
		}
		out.Items = append(out.Items, ij)
	}
	return product.MustMarshal(out)
}

// assetTx renders one row as an AssetReportTransaction.
func assetTx(s *ledger.Catalog, t *ledger.Row, names []string, accountID string) assetTxJSON {
	m, name, cur := s.MerchantOf(t), s.RowName(t, names), t.CurrencyString()
	orig := strings.ToUpper(name)
	transacted := ledger.DayString(t.AuthDate)
	out := assetTxJSON{AccountID: accountID, Amount: t.Amount, ISOCurrencyCode: &cur, OriginalDescription: &orig,
		CategoryID: ledger.NilIfEmpty(m.CategoryID), Date: ledger.DayString(t.Date), DateTransacted: &transacted, Name: name,
		MerchantName: m.MerchantName, Pending: t.Pending, TransactionID: t.ID.String()}
	if t.Merchant < 0 {
		out.MerchantName = nil
	}
	if !t.PendingID.IsZero() {
		p := t.PendingID.String()
		out.PendingTransactionID = &p
	}
	tt := "unresolved"
	if cat := s.Fixtures.Category(m.CategoryID); cat != nil {
		out.Category, tt = cat.Hierarchy, cat.Group
	}
	out.TransactionType = &tt
	return out
}

// historicalBalances walks the current balance back day by day, newest
// first: a deposit account had more before money went out, a card owed
// less before a purchase.
func historicalBalances(current float64, owed bool, byDay map[int32]float64, today int32, days int, cur *string) []historicalBalanceJSON {
	out := []historicalBalanceJSON{}
	bal := current
	for d := today; d > today-int32(days); d-- {
		out = append(out, historicalBalanceJSON{Date: ledger.DayString(d), Current: math.Round(bal*100) / 100, ISOCurrencyCode: cur})
		if owed {
			bal -= byDay[d]
		} else {
			bal += byDay[d]
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func formatAmount(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
