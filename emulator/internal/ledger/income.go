package ledger

import (
	"slices"
	"strings"
)

// Income in a ledger: whether a deposit reads as income, of what kind, and
// the rhythm of a stream of them. Bank Income and Consumer Report's Income
// Insights both read an Item's rows this way, so they agree.

// PayFrequency reads an income stream's rhythm from the days between its
// deposits (oldest first): every 14 days is biweekly; 13 to 17, unevenly, semi-monthly.
func PayFrequency(days []int32) string {
	if len(days) < 2 {
		return "UNKNOWN"
	}
	var gaps []int32
	for i := 1; i < len(days); i++ {
		gaps = append(gaps, days[i]-days[i-1])
	}
	even := !slices.ContainsFunc(gaps, func(g int32) bool { return g != gaps[0] })
	slices.Sort(gaps)
	g := gaps[len(gaps)/2]
	switch {
	case g <= 1:
		return "DAILY"
	case g >= 6 && g <= 8:
		return "WEEKLY"
	case g == 14 && even:
		return "BIWEEKLY"
	case g >= 12 && g <= 18 && gaps[0] >= 12 && gaps[len(gaps)-1] <= 18:
		return "SEMI_MONTHLY"
	case g >= 13 && g <= 15:
		return "BIWEEKLY"
	case g >= 28 && g <= 31:
		return "MONTHLY"
	}
	return "UNKNOWN"
}

// IncomeCategory is a credit's Bank Income category, from its description first,
// then its merchant's personal finance category; false: not income.
func IncomeCategory(name, pfcDetailed string) (string, bool) {
	up := strings.ToUpper(name)
	has := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(up, w) })
	}
	switch {
	case has("UNEMPLOY", "UI BENEFIT"):
		return "UNEMPLOYMENT", true
	case has("CHILD SUPPORT"):
		return "CHILD_SUPPORT", true
	case has("DFAS", "MILITARY", "US ARMY", "US NAVY"):
		return "MILITARY", true
	case has("SSI ", "DISABILITY"):
		return "LONG_TERM_DISABILITY", true
	case has("PENSION", "RETIREMENT", "ANNUITY", "SOC SEC", "SSA TREAS"):
		return "RETIREMENT", true
	case has("UBER", "LYFT", "DOORDASH", "INSTACART", "GRUBHUB", "POSTMATES", "TASKRABBIT", "ETSY", "FIVERR", "UPWORK"):
		return "GIG_ECONOMY", true
	case has("AIRBNB", "VRBO", "RENTAL", "RENT PAYMENT", "TENANT"):
		return "RENTAL", true
	case has("TAX REF", "TAX REFUND"):
		return "TAX_REFUND", true
	case has("INTEREST", "INTRST"):
		return "BANK_INTEREST", true
	case has("PAYROLL", "DIRECT DEP", "DIR DEP", "SALARY", "GUSTO PAY", "ADP ", "PAYCHEX", "BONUS"):
		return "SALARY", true
	case has("CASH DEPOSIT", "ATM DEPOSIT", "BRANCH DEPOSIT"):
		return "CASH_DEPOSIT", true
	case has("VENMO", "ZELLE", "CASH APP", "PAYPAL"):
		return "TRANSFER_FROM_APPLICATION", true
	case has("BENEFIT"):
		return "BENEFIT_OTHER", true
	}
	switch pfcDetailed {
	case "INCOME_WAGES":
		return "SALARY", true
	case "INCOME_INTEREST_EARNED":
		return "BANK_INTEREST", true
	case "INCOME_TAX_REFUND":
		return "TAX_REFUND", true
	case "INCOME_RETIREMENT_PENSION":
		return "RETIREMENT", true
	case "INCOME_UNEMPLOYMENT":
		return "UNEMPLOYMENT", true
	case "INCOME_DIVIDENDS", "INCOME_OTHER_INCOME":
		return "OTHER", true
	}
	return "", false
}
