package income

import (
	"strconv"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// What a payroll rule says, as Plaid's objects: pay stubs (the newest
// first, paid up to the Item's creation), W-2s, the account's rate of pay
// and the employment. Everything is computed from the rule and the Item,
// so the same Item always reads the same.

// periodsPerYear is how many pay periods a year a frequency has.
func periodsPerYear(freq string) int {
	switch freq {
	case "WEEKLY":
		return 52
	case "SEMI_MONTHLY":
		return 24
	case "MONTHLY":
		return 12
	}
	return 26
}

// payPeriod is one pay period: its first and last day and pay date.
type payPeriod struct{ start, end, paid time.Time }

// payPeriods are the n newest pay periods paid by made, newest first:
// weekly and biweekly ones paid on Fridays, the others on the 15th and
// the month's last day (monthly: the last day).
func payPeriods(freq string, made time.Time, n int) []payPeriod {
	day := time.Date(made.Year(), made.Month(), made.Day(), 0, 0, 0, 0, time.UTC)
	var out []payPeriod
	switch freq {
	case "WEEKLY", "BIWEEKLY":
		step := 7
		if freq == "BIWEEKLY" {
			step = 14
		}
		paid := day.AddDate(0, 0, -((int(day.Weekday()) + 2) % 7)) // the last Friday
		for range n {
			end := paid.AddDate(0, 0, -5)
			out = append(out, payPeriod{end.AddDate(0, 0, 1-step), end, paid})
			paid = paid.AddDate(0, 0, -step)
		}
	default:
		monthEnd := func(t time.Time) time.Time { return fixtures.MonthDay(t.Year(), t.Month(), 31) }
		for t := day; len(out) < n; {
			first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
			mid := first.AddDate(0, 0, 14)
			if freq == "SEMI_MONTHLY" {
				if end := monthEnd(t); !end.After(day) {
					out = append(out, payPeriod{mid.AddDate(0, 0, 1), end, end})
				}
				if !mid.After(day) && len(out) < n {
					out = append(out, payPeriod{first, mid, mid})
				}
			} else if end := monthEnd(t); !end.After(day) {
				out = append(out, payPeriod{first, end, end})
			}
			t = first.AddDate(0, 0, -1)
		}
	}
	return out
}

// ytd is how many pay periods of the year were paid by paid.
func ytd(freq string, paid time.Time) int {
	n := 0
	for _, p := range payPeriods(freq, paid, periodsPerYear(freq)+1) {
		if p.paid.Year() == paid.Year() {
			n++
		}
	}
	return n
}

// employee is the pay stub's employee: the payroll account's owner.
func employee(it product.Item, acct int) map[string]any {
	name, addr := "", map[string]any{"street": nil, "city": nil, "region": nil, "postal_code": nil, "country": nil}
	if acct < len(it.Accounts) && len(it.Accounts[acct].Owners) > 0 {
		o := it.Accounts[acct].Owners[0]
		if len(o.Names) > 0 {
			name = o.Names[0]
		}
		if len(o.Addresses) > 0 {
			d := o.Addresses[0].Data
			addr = map[string]any{"street": d.Street, "city": d.City, "region": d.Region, "postal_code": d.PostalCode, "country": d.Country}
		}
	}
	return map[string]any{"name": nilIfEmpty(name), "address": addr, "marital_status": "SINGLE",
		"taxpayer_id": map[string]any{"id_type": "SSN", "id_mask": "XXX-XX-1234"}}
}

func employer(r fixtures.PayrollRule) map[string]any {
	a := r.EmployerAddress
	return map[string]any{"name": r.Employer, "address": map[string]any{"street": a.Street, "city": a.City, "region": a.Region,
		"postal_code": a.PostalCode, "country": a.Country}}
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// money is a pay stub amount line.
func money(current, ytd float64, description string) map[string]any {
	return map[string]any{"current_amount": round2(current), "ytd_amount": round2(ytd), "description": description,
		"iso_currency_code": "USD", "unofficial_currency_code": nil}
}

// payStub is the pay stub of period p; url is its download URL.
func payStub(it product.Item, r fixtures.PayrollRule, acct int, p payPeriod, url *string) map[string]any {
	n := float64(ytd(r.PayFrequency, p.paid))
	var ded float64
	breakdown := []any{}
	for _, d := range r.Deductions {
		breakdown = append(breakdown, money(d.Amount, d.Amount*n, d.Description))
		ded += d.Amount
	}
	net := r.Gross - ded
	earning := money(r.Gross, r.Gross*n, "Regular Pay")
	earning["canonical_description"], earning["hours"], earning["rate"] = "REGULAR_PAY", nil, nil
	total := money(r.Gross, r.Gross*n, "")
	delete(total, "description")
	total["hours"] = nil
	dedTotal := money(ded, ded*n, "")
	delete(dedTotal, "description")
	paid := p.paid.Format(time.DateOnly)
	return map[string]any{
		"document_id":       ledger.HashID(it.ID + "\x00stub\x00" + paid),
		"document_metadata": docMetadata("paystub_"+paid+".pdf", "PAYSTUB", url),
		"employee":          employee(it, acct),
		"employer":          employer(r),
		"earnings":          map[string]any{"breakdown": []any{earning}, "total": total},
		"deductions":        map[string]any{"breakdown": breakdown, "total": dedTotal},
		"net_pay":           money(net, net*n, "Net Pay"),
		"pay_period_details": map[string]any{"start_date": p.start.Format(time.DateOnly), "end_date": p.end.Format(time.DateOnly),
			"pay_date": paid, "pay_frequency": r.PayFrequency, "pay_basis": "SALARY", "gross_earnings": round2(r.Gross),
			"pay_amount": round2(net), "iso_currency_code": "USD", "unofficial_currency_code": nil,
			"distribution_breakdown": []any{map[string]any{"account_name": "Plaid Checking", "bank_name": "First Platypus Bank",
				"current_amount": round2(net), "iso_currency_code": "USD", "unofficial_currency_code": nil, "mask": "0000", "type": "checking"}}},
	}
}

func docMetadata(name, typ string, url *string) map[string]any {
	return map[string]any{"name": name, "document_type": typ, "download_url": url, "status": "PROCESSING_COMPLETE", "page_count": 1, "error_message": nil}
}

// w2 is the W-2 of a tax year.
func w2(it product.Item, r fixtures.PayrollRule, acct int, year string, url *string) map[string]any {
	wages := r.Gross * float64(periodsPerYear(r.PayFrequency))
	s := func(f float64) string { return strconv.FormatFloat(round2(f), 'f', 2, 64) }
	return map[string]any{
		"document_id": ledger.HashID(it.ID + "\x00w2\x00" + year), "document_metadata": docMetadata("w2_"+year+".pdf", "US_TAX_W2", url),
		"employer": employer(r), "employee": employee(it, acct), "tax_year": year, "employer_id_number": "12-3456789",
		"wages_tips_other_comp": s(wages * 0.96), "federal_income_tax_withheld": s(wages * 0.18), "social_security_wages": s(wages),
		"social_security_tax_withheld": s(wages * 0.062), "medicare_wages_and_tips": s(wages), "medicare_tax_withheld": s(wages * 0.0145),
		"social_security_tips": nil, "allocated_tips": nil, "box_9": nil, "dependent_care_benefits": nil, "nonqualified_plans": nil,
		"box_12": []any{map[string]any{"code": "D", "amount": s(wages * 0.04)}}, "statutory_employee": nil, "retirement_plan": "X",
		"third_party_sick_pay": nil, "other": nil, "state_and_local_wages": []any{},
	}
}

// employment is the CreditEmploymentVerification of a payroll account.
func employment(it product.Item, r fixtures.PayrollRule, acct int) map[string]any {
	var last *string
	if ps := payPeriods(r.PayFrequency, it.CreatedAt, 1); len(ps) > 0 {
		last = product.Ptr(ps[0].paid.Format(time.DateOnly))
	}
	id := ""
	if acct < len(it.Accounts) {
		id = it.Accounts[acct].ID
	}
	return map[string]any{"account_id": nilIfEmpty(id), "status": r.Status, "start_date": r.StartDate, "end_date": nilIfEmpty(r.EndDate),
		"employer": map[string]any{"name": r.Employer}, "title": r.Title, "employee_type": r.EmployeeType, "last_paystub_date": last,
		"platform_ids": map[string]any{"employee_id": ledger.HashID(it.ID + "\x00employee")[:10], "payroll_id": ledger.HashID(it.ID + "\x00payroll")[:10],
			"position_id": ledger.HashID(it.ID + "\x00position")[:10]}}
}
