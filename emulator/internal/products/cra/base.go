package cra

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The Base Report: each Item's accounts with their balances, owners and
// the posted and pending transactions of the report's window (ending the
// day the report was made), and the inflow, outflow and NSF attributes
// summed from those transactions, per account and for the user. Every
// number comes from the rows /transactions/get shows for the Item.

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// baseTxn is a BaseReportTransaction (a struct: a report has thousands).
type baseTxn struct {
	AccountID           string   `json:"account_id"`
	Amount              float64  `json:"amount"`
	ISO                 string   `json:"iso_currency_code"`
	Unofficial          *string  `json:"unofficial_currency_code"`
	OriginalDescription string   `json:"original_description"`
	Name                string   `json:"name"`
	Date                string   `json:"date"`
	DateTransacted      string   `json:"date_transacted"`
	Pending             bool     `json:"pending"`
	TransactionID       string   `json:"transaction_id"`
	CreditCategory      category `json:"credit_category"`
	MerchantName        *string  `json:"merchant_name,omitempty"`
	day                 int32
}

type category struct {
	Primary  string `json:"primary"`
	Detailed string `json:"detailed"`
}

func amount(f float64, cur string) map[string]any {
	return map[string]any{"amount": round2(f), "iso_currency_code": cur, "unofficial_currency_code": nil}
}

// flows sums a set of rows into Plaid's inflow/outflow/NSF attributes over
// the whole window and its last 30, 60 and 90 days.
type flows struct {
	in, out [4]float64 // all, 30d, 60d, 90d
	nsf     [4]int
}

func (f *flows) add(t *ledger.Row, today int32, nsf bool) {
	for i, d := range []int32{1 << 30, 30, 60, 90} {
		if today-t.Date >= d {
			continue
		}
		if t.Amount < 0 {
			f.in[i] -= t.Amount
		} else {
			f.out[i] += t.Amount
		}
		if nsf {
			f.nsf[i]++
		}
	}
}

func (f *flows) attributes(cur string) map[string]any {
	out := map[string]any{}
	for i, sfx := range []string{"", "_30d", "_60d", "_90d"} {
		out["total_inflow_amount"+sfx] = amount(f.in[i], cur)
		out["total_outflow_amount"+sfx] = amount(f.out[i], cur)
		out["nsf_overdraft_transactions_count"+sfx] = f.nsf[i]
	}
	return out
}

// isNSF says whether a row is a non-sufficient-funds or overdraft fee.
func isNSF(name, pfcDetailed string) bool {
	up := strings.ToUpper(name)
	return strings.Contains(up, "NSF") || strings.Contains(up, "OVERDRAFT") || strings.Contains(up, "INSUFFICIENT FUNDS") ||
		pfcDetailed == "BANK_FEES_OVERDRAFT_FEES" || pfcDetailed == "BANK_FEES_INSUFFICIENT_FUNDS"
}

// baseReport renders report r of items.
func (a *API) baseReport(r Report, only []string) (map[string]any, []any) {
	cat := a.door.Catalog()
	today := ledger.Day(r.Created)
	from := today - int32(r.Days)
	var user flows
	items, warnings := []any{}, []any{}
	for _, id := range r.ItemIDs {
		if len(only) > 0 && !slices.Contains(only, id) {
			continue
		}
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		rows, names := a.door.IncomeRows(it, r.Days, r.Created)
		accounts, owned := []any{}, false
		for i := range it.Accounts {
			acct := &it.Accounts[i]
			cur := product.Deref(acct.Balances.ISOCurrencyCode, "USD")
			var f flows
			txns := []baseTxn{}
			first, last := int32(math.MaxInt32), int32(0)
			for k := range rows {
				t := &rows[k]
				if int(t.Account) != i || t.Removed || t.Date < from || t.Date > today {
					continue
				}
				m, name := cat.MerchantOf(t), cat.RowName(t, names)
				first, last = min(first, t.Date), max(last, t.Date)
				if !t.Pending {
					nsf := isNSF(name, m.PFCDetailed)
					f.add(t, today, nsf)
					user.add(t, today, nsf)
				}
				txns = append(txns, baseTxn{AccountID: acct.ID, Amount: t.Amount, ISO: t.CurrencyString(), OriginalDescription: strings.ToUpper(name),
					Name: name, Date: ledger.DayString(t.Date), DateTransacted: ledger.DayString(t.AuthDate), Pending: t.Pending,
					TransactionID: t.ID.String(), CreditCategory: category{m.PFCPrimary, m.PFCDetailed}, MerchantName: m.MerchantName, day: t.Date})
			}
			md := map[string]any{"start_date": nil, "end_date": nil}
			if last > 0 {
				md = map[string]any{"start_date": ledger.DayString(first), "end_date": ledger.DayString(last)}
			}
			owners, ownership := []any{}, any(nil)
			for _, o := range acct.Owners {
				owners, owned, ownership = append(owners, o), true, "individual"
			}
			if joint(acct.Owners) {
				ownership = "joint"
			}
			b := acct.Balances
			accounts = append(accounts, map[string]any{"account_id": acct.ID, "name": acct.Name, "official_name": acct.OfficialName, "mask": acct.Mask,
				"type": acct.Type, "subtype": acct.Subtype, "days_available": r.Days, "transactions": txns, "owners": owners, "ownership_type": ownership,
				"consumer_disputes": []any{}, "metadata": md, "attributes": f.attributes(cur),
				"balances": map[string]any{"available": b.Available, "current": b.Current, "limit": b.Limit, "iso_currency_code": cur,
					"unofficial_currency_code": nil, "last_updated_datetime": product.RFC3339(r.Created)}})
		}
		if !owned {
			warnings = append(warnings, warning("IDENTITY_UNAVAILABLE", it.ID, "the Item's accounts name no owner"))
		}
		items = append(items, map[string]any{"item_id": it.ID, "institution_id": it.InstitutionID, "institution_name": it.InstitutionName,
			"date_last_updated": product.RFC3339(r.Created), "accounts": accounts})
	}
	rep := map[string]any{"report_id": r.ID, "date_generated": product.RFC3339(r.Ready), "days_requested": r.Days, "items": items,
		"attributes": user.attributes("USD")}
	if r.ClientReportID != "" {
		rep["client_report_id"] = r.ClientReportID
	}
	return rep, warnings
}

// joint says whether an account has more than one owner (two owners, or
// one naming two people).
func joint(owners []fixtures.Identity) bool {
	return len(owners) > 1 || len(owners) == 1 && len(owners[0].Names) > 1
}

func warning(code, itemID, msg string) map[string]any {
	return map[string]any{"warning_type": "BASE_REPORT_WARNING", "warning_code": code, "cause": map[string]any{
		"error_type": "ITEM_ERROR", "error_code": code, "error_message": msg, "display_message": nil, "item_id": itemID}}
}

type baseReportGetRequest struct {
	userRequest
	ThirdPartyUserToken *string  `json:"third_party_user_token"`
	ItemIDs             []string `json:"item_ids"`
	UserTier            *string  `json:"user_tier"`
	pin
}

type baseReportGetResponse struct {
	Report   map[string]any `json:"report"`
	Warnings []any          `json:"warnings"`
	wire.Response
}

// HandleBaseReportGet serves POST /cra/check_report/base_report/get: the
// newest report's Base Report (of item_ids' Items when given).
func (a *API) HandleBaseReportGet(c *product.Call, req *baseReportGetRequest) (any, *wire.Error) {
	r, _, err := a.report(c, req.userRequest, &req.pin)
	if err != nil {
		return nil, err
	}
	rep, warnings := a.baseReport(r, req.ItemIDs)
	return &baseReportGetResponse{Report: rep, Warnings: warnings}, nil
}

type pdfGetRequest struct {
	userRequest
	ThirdPartyUserToken *string  `json:"third_party_user_token"`
	AddOns              []string `json:"add_ons"`
}

// HandlePDFGet serves POST /cra/check_report/pdf/get: the newest report
// as a PDF naming the user, the report, its Items and products.
func (a *API) HandlePDFGet(c *product.Call, req *pdfGetRequest) (any, *wire.Error) {
	r, pu, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	rep, _ := a.baseReport(r, nil)
	lines := []string{"Consumer Report " + r.ID, "User " + pu.ID, "Generated " + product.RFC3339(r.Ready) + fmt.Sprintf(", %d days", r.Days),
		"Products: " + strings.Join(append(successful(r.Products), req.AddOns...), ", ")}
	for _, it := range rep["items"].([]any) {
		m := it.(map[string]any)
		lines = append(lines, fmt.Sprintf("%s (item %s): %d accounts", m["institution_name"], m["item_id"], len(m["accounts"].([]any))))
	}
	return &product.RawBody{ContentType: "application/pdf", Data: product.SimplePDF(lines),
		Headers: map[string]string{"Plaid-Request-ID": c.RequestID}}, nil
}
