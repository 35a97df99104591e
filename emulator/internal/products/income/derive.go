package income

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Bank Income as derived from an Item's transactions: every posted credit
// to a depository account that reads as income (by its description, else
// its merchant's personal finance category) inside the days requested,
// grouped by account and description into income sources. Nothing is
// drawn at random here: the same rows give the same report, and every
// amount in it is a row /transactions/get shows for the Item.

// source is one income source being gathered.
type source struct {
	account  string
	name     string
	category string
	currency string
	txns     []bankTxn
}

type bankTxn struct {
	Amount       float64 `json:"amount"`
	Date         string  `json:"date"`
	Name         string  `json:"name"`
	OriginalDesc *string `json:"original_description"`
	Pending      bool    `json:"pending"`
	ID           string  `json:"transaction_id"`
	CheckNumber  *string `json:"check_number"`
	ISOCurrency  *string `json:"iso_currency_code"`
	Unofficial   *string `json:"unofficial_currency_code"`
	day          int32
}

type amountJSON struct {
	Amount     float64 `json:"amount"`
	ISO        *string `json:"iso_currency_code"`
	Unofficial *string `json:"unofficial_currency_code"`
}

type periodJSON struct {
	TotalAmount  float64      `json:"total_amount"`
	ISO          *string      `json:"iso_currency_code"`
	Unofficial   *string      `json:"unofficial_currency_code"`
	TotalAmounts []amountJSON `json:"total_amounts"`
	StartDate    string       `json:"start_date"`
	EndDate      string       `json:"end_date"`
	Transactions []bankTxn    `json:"transactions"`
}

type sourceJSON struct {
	ID                string       `json:"income_source_id"`
	Description       string       `json:"income_description"`
	Category          string       `json:"income_category"`
	AccountID         string       `json:"account_id"`
	StartDate         string       `json:"start_date"`
	EndDate           string       `json:"end_date"`
	PayFrequency      string       `json:"pay_frequency"`
	TotalAmount       float64      `json:"total_amount"`
	TransactionCount  int          `json:"transaction_count"`
	HistoricalSummary []periodJSON `json:"historical_summary"`
}

type accountJSON struct {
	AccountID    string  `json:"account_id"`
	Mask         *string `json:"mask"`
	Name         string  `json:"name"`
	OfficialName *string `json:"official_name"`
	Subtype      *string `json:"subtype"`
	Type         string  `json:"type"`
	Owners       []any   `json:"owners"`
}

type itemJSON struct {
	Accounts        []accountJSON `json:"bank_income_accounts"`
	Sources         []sourceJSON  `json:"bank_income_sources"`
	LastUpdatedTime string        `json:"last_updated_time"`
	InstitutionID   string        `json:"institution_id"`
	InstitutionName string        `json:"institution_name"`
	ItemID          string        `json:"item_id"`
}

type summaryJSON struct {
	TotalAmount       float64      `json:"total_amount"`
	ISO               *string      `json:"iso_currency_code"`
	Unofficial        *string      `json:"unofficial_currency_code"`
	TotalAmounts      []amountJSON `json:"total_amounts"`
	StartDate         *string      `json:"start_date,omitempty"`
	EndDate           *string      `json:"end_date,omitempty"`
	SourcesCount      int          `json:"income_sources_count"`
	CategoriesCount   int          `json:"income_categories_count"`
	TransactionsCount int          `json:"income_transactions_count"`
	HistoricalSummary []periodJSON `json:"historical_summary"`
}

type warningJSON struct {
	Type  string         `json:"warning_type"`
	Code  string         `json:"warning_code"`
	Cause map[string]any `json:"cause"`
}

// reportJSON is one CreditBankIncome.
type reportJSON struct {
	ID            string        `json:"bank_income_id"`
	GeneratedTime string        `json:"generated_time"`
	DaysRequested int           `json:"days_requested"`
	Items         []itemJSON    `json:"items"`
	Summary       summaryJSON   `json:"bank_income_summary"`
	Warnings      []warningJSON `json:"warnings"`
}

// itemRows is an Item with its transactions, as the report reads them.
type itemRows struct {
	It    product.Item
	Rows  []ledger.Row
	Names []string
}

// deriveReport builds the Bank Income report of items as of now over the
// last days days.
func deriveReport(cat *ledger.Catalog, id string, now time.Time, days int, items []itemRows) reportJSON {
	today := ledger.Day(now)
	from := today - int32(days)
	out := reportJSON{ID: id, GeneratedTime: product.RFC3339(now), DaysRequested: days, Items: []itemJSON{}, Warnings: []warningJSON{}}
	var all []*source
	for _, ir := range items {
		it := ir.It
		ij := itemJSON{Accounts: []accountJSON{}, Sources: []sourceJSON{}, LastUpdatedTime: product.RFC3339(now),
			InstitutionID: it.InstitutionID, InstitutionName: it.InstitutionName, ItemID: it.ID}
		depository, owned := map[int32]bool{}, false
		for i, a := range it.Accounts {
			owned = owned || len(a.Owners) > 0
			if a.Type != "depository" {
				continue
			}
			depository[int32(i)] = true
			aj := accountJSON{AccountID: a.ID, Mask: a.Mask, Name: a.Name, OfficialName: a.OfficialName, Subtype: a.Subtype, Type: a.Type, Owners: []any{}}
			for _, o := range a.Owners {
				aj.Owners = append(aj.Owners, o)
			}
			ij.Accounts = append(ij.Accounts, aj)
		}
		if !owned {
			out.Warnings = append(out.Warnings, warning("IDENTITY_UNAVAILABLE", it.ID, "the Item's accounts name no owner"))
		}
		if len(depository) == 0 {
			out.Warnings = append(out.Warnings, warning("TRANSACTIONS_UNAVAILABLE", it.ID, "the Item has no depository account"))
		}
		byKey := map[string]*source{}
		var order []*source
		for i := range ir.Rows {
			t := &ir.Rows[i]
			if t.Removed || t.Pending || t.Amount >= 0 || !depository[t.Account] || t.Date < from || t.Date > today {
				continue
			}
			name := cat.RowName(t, ir.Names)
			category, ok := ledger.IncomeCategory(name, cat.MerchantOf(t).PFCDetailed)
			if !ok {
				continue
			}
			acct := it.Accounts[t.Account].ID
			key := acct + "\x00" + name
			s := byKey[key]
			if s == nil {
				s = &source{account: acct, name: name, category: category, currency: t.CurrencyString()}
				byKey[key] = s
				order = append(order, s)
			}
			cur, desc := t.CurrencyString(), name
			s.txns = append(s.txns, bankTxn{Amount: round2(-t.Amount), Date: ledger.DayString(t.Date), Name: name, OriginalDesc: &desc,
				ID: t.ID.String(), ISOCurrency: &cur, day: t.Date})
		}
		for _, s := range order {
			slices.SortStableFunc(s.txns, func(a, b bankTxn) int { return cmp.Or(cmp.Compare(a.day, b.day), strings.Compare(a.ID, b.ID)) })
			ij.Sources = append(ij.Sources, sourceJSON{ID: ledger.HashID(it.ID + "\x00" + s.account + "\x00" + s.name), Description: s.name,
				Category: s.category, AccountID: s.account, StartDate: s.txns[0].Date, EndDate: s.txns[len(s.txns)-1].Date,
				PayFrequency: ledger.PayFrequency(txnDays(s.txns)), TotalAmount: total(s.txns), TransactionCount: len(s.txns),
				HistoricalSummary: months(s.txns, from, today)})
		}
		all = append(all, order...)
		out.Items = append(out.Items, ij)
	}
	out.Summary = summary(all, from, today)
	return out
}

func warning(code, itemID, msg string) warningJSON {
	return warningJSON{Type: "BANK_INCOME_WARNING", Code: code, Cause: map[string]any{
		"error_type": "INTERNAL_SERVER_ERROR", "error_code": code, "error_message": msg, "display_message": "", "item_id": itemID}}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func total(txns []bankTxn) float64 {
	var t float64
	for _, x := range txns {
		t += x.Amount
	}
	return round2(t)
}

// amounts are the totals of txns by currency, in order of first use.
func amounts(txns []bankTxn) []amountJSON {
	out := []amountJSON{}
	for _, x := range txns {
		i := slices.IndexFunc(out, func(a amountJSON) bool { return *a.ISO == *x.ISOCurrency })
		if i < 0 {
			out, i = append(out, amountJSON{ISO: x.ISOCurrency}), len(out)
		}
		out[i].Amount = round2(out[i].Amount + x.Amount)
	}
	return out
}

// period is one historical_summary entry of txns between two days.
func period(txns []bankTxn, start, end int32) periodJSON {
	p := periodJSON{StartDate: ledger.DayString(start), EndDate: ledger.DayString(end), Transactions: []bankTxn{}}
	for _, x := range txns {
		if x.day >= start && x.day <= end {
			p.Transactions = append(p.Transactions, x)
		}
	}
	p.TotalAmounts = amounts(p.Transactions)
	if len(p.TotalAmounts) > 0 {
		p.TotalAmount, p.ISO = p.TotalAmounts[0].Amount, p.TotalAmounts[0].ISO
	} else {
		usd := "USD"
		p.TotalAmounts, p.ISO = []amountJSON{{ISO: &usd}}, &usd
	}
	return p
}

// months is the historical summary: one period per calendar month of the
// window (the first and last cut to it), newest first.
func months(txns []bankTxn, from, today int32) []periodJSON {
	out := []periodJSON{}
	end := today
	for end >= from && len(out) < 25 {
		t := time.Unix(int64(end)*86400, 0).UTC()
		start := max(ledger.Day(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)), from)
		out = append(out, period(txns, start, end))
		end = start - 1
	}
	return out
}

func summary(sources []*source, from, today int32) summaryJSON {
	var txns []bankTxn
	cats := map[string]bool{}
	for _, s := range sources {
		txns = append(txns, s.txns...)
		cats[s.category] = true
	}
	slices.SortStableFunc(txns, func(a, b bankTxn) int { return cmp.Compare(a.day, b.day) })
	out := summaryJSON{TotalAmounts: amounts(txns), SourcesCount: len(sources), CategoriesCount: len(cats),
		TransactionsCount: len(txns), HistoricalSummary: months(txns, from, today)}
	if len(out.TotalAmounts) > 0 {
		out.TotalAmount, out.ISO = out.TotalAmounts[0].Amount, out.TotalAmounts[0].ISO
		out.StartDate, out.EndDate = &txns[0].Date, &txns[len(txns)-1].Date
	}
	return out
}

// txnDays are the days of txns.
func txnDays(txns []bankTxn) []int32 {
	out := make([]int32, len(txns))
	for i, x := range txns {
		out[i] = x.day
	}
	return out
}
