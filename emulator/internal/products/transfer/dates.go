package transfer

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// A transfer's expected dates (https://plaid.com/docs/api/products/transfer/reading-transfers/), on banking days: Monday to
// Friday but the Federal Reserve's holidays, in Eastern time.

// fundsHold is how many banking days after settlement a debit's funds
// become available (Sandbox's hold is undocumented; Plaid says 2-5).
const fundsHold = 3

// bankingDay is d, or the next banking day after it; holiday says whether
// d is a Federal Reserve holiday (product.BankingDay, product.Holiday).
func bankingDay(d time.Time) time.Time { return product.BankingDay(d) }

func holiday(d time.Time) bool { return product.Holiday(d) }

// addBankingDays is n banking days after d (a banking day).
func addBankingDays(d time.Time, n int) time.Time {
	for range n {
		d = bankingDay(d.AddDate(0, 0, 1))
	}
	return d
}

// settlementDate is when a transfer created at created on network is
// expected to settle: same-day ACH before its 3:00 PM ET cutoff, RTP and
// wires the same banking day; standard ACH before its 8:30 PM ET cutoff the
// next banking day, after it the one after.
func settlementDate(network string, created time.Time) time.Time {
	et := created.In(eastern)
	day := time.Date(et.Year(), et.Month(), et.Day(), 0, 0, 0, 0, time.UTC)
	if b := bankingDay(day); !b.Equal(day) { // made on a weekend: the next banking day's windows
		day, et = b, time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, eastern)
	}
	minutes := et.Hour()*60 + et.Minute()
	switch network {
	case "rtp", "wire":
		return day
	case "same-day-ach":
		if minutes < 15*60 {
			return day
		}
		return addBankingDays(day, 1)
	}
	if minutes < 20*60+30 {
		return addBankingDays(day, 1)
	}
	return addBankingDays(day, 2)
}

// dates are the transfer's expected_settlement_date, standard and
// unauthorized return windows and expected_funds_available_date (nil where
// they do not apply: return windows for ACH only, funds for debits only,
// and funds once returned).
func (t *Transfer) dates() (settle, standard, unauthorized, funds any) {
	s := settlementDate(t.Network, t.Created)
	settle = s.Format(time.DateOnly)
	if t.Network == "ach" || t.Network == "same-day-ach" {
		standard = addBankingDays(s, 3).Format(time.DateOnly)
		unauthorized = addBankingDays(s, 61).Format(time.DateOnly)
	}
	if t.Type == "debit" && t.Status != "returned" && t.Status != "failed" && t.Status != "cancelled" {
		funds = addBankingDays(s, fundsHold).Format(time.DateOnly)
	}
	return
}
