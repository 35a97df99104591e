package ledger

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// History kinds (fixtures.History.Kind).
const (
	HistoryNone      = "none"
	historySandbox   = "sandbox"
	historyDynamic   = "dynamic"
	HistoryGenerated = "generated"
)

// sandboxCycle is the Sandbox's fixed history: these rows repeat every 30
// days back through the days requested (day = days before the Item's creation).
var sandboxCycle = []struct {
	day      int
	merchant string
	amount   float64
}{
	{1, "Uber 063015 SF**POOL**", 5.4},
	{2, "United Airlines", 500},
	{3, "McDonald's", 12},
	{4, "Starbucks", 4.33},
	{5, "SparkFun", 89.4},
	{6, "INTRST PYMNT", -4.22},
	{7, "United Airlines", -500},
	{9, "Uber 063015 SF**POOL**", 6.33},
	{10, "Tectra Inc", 500},
	{11, "AUTOMATIC PAYMENT - THANK", -2078.5},
	{12, "KFC", 500},
	{13, "Madison Bicycle Shop", 500},
	{15, "CREDIT CARD 3333 PAYMENT *//", 25},
	{17, "Touchstone Climbing", 78.5},
	{19, "ACH Electronic CreditGUSTO PAY 123456", -5850},
	{21, "CD DEPOSIT .INITIAL.", 1000},
	{24, "Starbucks", 4.33},
	{27, "McDonald's", 12},
}

// Source is what an Item's transactions are built from.
type Source struct {
	History   *fixtures.History
	Scripted  [][]fixtures.Transaction // per Item account
	Recurring [][]fixtures.Recurring   // per Item account
	Custom    [][]CustomTxn            // per Item account (user_custom)
}

type CustomTxn struct {
	Transacted, Posted string
	Amount             float64
	Description        string
	Currency           string
}

// merchantIndex finds a catalogue entry by name (-1 when absent).
func (s *Catalog) merchantIndex(name string) int32 {
	if i, ok := s.merchantIdx[name]; ok {
		return i
	}
	return -1
}

// accountFor picks the first account of the Item (accts: their subtypes) matching the merchant's
// preferred subtypes, in preference order; -1 if none.
func accountFor(accts []string, m *fixtures.Merchant) int32 {
	for _, want := range m.Accounts {
		for i, a := range accts {
			if a == want {
				return int32(i)
			}
		}
	}
	return -1
}

// BuildHistory makes an Item's starting rows, oldest first, naming rows
// that have no merchant in ts. The owner serialises calls.
func (s *Catalog) BuildHistory(ts *State, accts []string, src Source, days int, now time.Time, rng *rand.Rand) []Row {
	today := Day(now)
	var rows []Row
	addMerchant := func(name string, d int32, amount float64, pending bool) {
		mi := s.merchantIndex(name)
		if mi < 0 {
			return
		}
		a := accountFor(accts, &s.Fixtures.Merchants[mi])
		if a < 0 {
			return
		}
		rows = append(rows, Row{Name: -1, Amount: amount, Account: a, Merchant: mi, Date: d, AuthDate: d, Pending: pending})
	}
	kind := HistoryNone
	if src.History != nil {
		kind = src.History.Kind
		if src.History.Days > 0 {
			days = src.History.Days
		}
	}
	switch kind {
	case historySandbox:
		for c := 0; ; c++ {
			if c*30+1 >= days {
				break
			}
			for _, r := range sandboxCycle {
				if d := c*30 + r.day; d < days {
					addMerchant(r.merchant, today-int32(d), r.amount, false)
				}
			}
		}
	case historyDynamic, HistoryGenerated:
		perMonth := 36
		if kind == HistoryGenerated {
			perMonth = src.History.PerMonth
		}
		n := perMonth * days / 30
		usable := s.usableMerchants(accts)
		for range n {
			if len(usable) == 0 {
				break
			}
			mi := usable[rng.IntN(len(usable))]
			d := today - int32(rng.IntN(days))
			addMerchant(s.Fixtures.Merchants[mi].Name, d, s.drawAmount(&s.Fixtures.Merchants[mi], kind == historyDynamic, rng), false)
		}
		if kind == historyDynamic {
			for range 2 {
				mi := usable[rng.IntN(len(usable))]
				addMerchant(s.Fixtures.Merchants[mi].Name, today-int32(rng.IntN(2)), s.drawAmount(&s.Fixtures.Merchants[mi], true, rng), true)
			}
		}
	}
	for ai, list := range src.Scripted {
		for _, t := range list {
			d := today
			if t.DaysAgo != nil {
				d = today - int32(*t.DaysAgo)
			} else if tm, err := time.Parse(time.DateOnly, t.Date); err == nil {
				d = Day(tm)
			}
			rows = append(rows, s.scriptedRow(ts, int32(ai), d, t.Amount, t.Merchant, t.Name, t.Pending, t.Currency))
		}
	}
	for ai, list := range src.Recurring {
		for i := range list {
			r := &list[i]
			for _, d := range r.Dates(time.Unix(int64(today)*86400, 0).UTC()) {
				rows = append(rows, s.scriptedRow(ts, int32(ai), Day(d), r.Amount, r.Merchant, r.Name, false, r.Currency))
			}
		}
	}
	for ai, list := range src.Custom {
		for _, t := range list {
			rows = append(rows, CustomRow(ts, int32(ai), t, today))
		}
	}
	slices.SortStableFunc(rows, func(a, b Row) int { return int(a.Date - b.Date) })
	for i := range rows {
		rows[i].ID, rows[i].N = ts.IDs.New()
	}
	return rows
}

// scriptedRow is a row a fixture scripts (one transaction or one date of a
// recurring rule): a catalogue merchant, a description, or both.
func (s *Catalog) scriptedRow(ts *State, account, d int32, amount float64, merchant, name string, pending bool, currency string) Row {
	r := Row{Name: -1, Amount: amount, Account: account, Merchant: -1, Date: d, AuthDate: d, Pending: pending, Currency: currencyCode(currency)}
	if merchant != "" {
		r.Merchant = s.merchantIndex(merchant)
	}
	if name != "" || r.Merchant < 0 {
		r.Name = ts.nameOf(name)
	}
	if pending {
		r.PostOn = d + 2
	}
	return r
}

// CustomRow is a user_custom or /sandbox/transactions/create row: a posting
// date still ahead makes it pending until then.
func CustomRow(ts *State, account int32, t CustomTxn, today int32) Row {
	r := Row{Name: ts.nameOf(t.Description), Amount: t.Amount, Account: account, Merchant: -1, Currency: currencyCode(t.Currency)}
	r.AuthDate, r.Date = today, today
	if tm, err := time.Parse(time.DateOnly, t.Transacted); err == nil {
		r.AuthDate = Day(tm)
	}
	if tm, err := time.Parse(time.DateOnly, t.Posted); err == nil {
		r.Date = Day(tm)
	}
	if r.Date > today {
		r.Pending, r.PostOn, r.Date = true, r.Date, r.AuthDate
	}
	return r
}

// usableMerchants are the catalogue entries with an account on this Item.
func (s *Catalog) usableMerchants(accts []string) []int32 {
	var out []int32
	for i := range s.Fixtures.Merchants {
		if accountFor(accts, &s.Fixtures.Merchants[i]) >= 0 {
			out = append(out, int32(i))
		}
	}
	return out
}

// drawAmount picks an amount in the merchant's range: cents, or (for the
// dynamic user, now and then) up to 7 decimals as the Sandbox does.
func (s *Catalog) drawAmount(m *fixtures.Merchant, manyDecimals bool, rng *rand.Rand) float64 {
	x := m.AmountMin + rng.Float64()*(m.AmountMax-m.AmountMin)
	if manyDecimals && rng.IntN(5) == 0 {
		return math.Round(x*1e7) / 1e7
	}
	return math.Round(x*100) / 100
}

// Refresh posts pending rows that are due and, for dynamic histories, adds
// new pending ones, drawing data from rng. It returns the ids added and
// removed.
func (s *Catalog) Refresh(ts *State, accts []string, now time.Time, rng *rand.Rand) (added, removed []Change) {
	added, removed = s.PostDue(ts, now, true)
	if ts.Kind == historyDynamic {
		ts.Rounds++
		usable := s.usableMerchants(accts)
		for range 1 + rng.IntN(3) {
			if len(usable) == 0 {
				break
			}
			mi := usable[rng.IntN(len(usable))]
			m := &s.Fixtures.Merchants[mi]
			a := accountFor(accts, m)
			t := Row{Name: -1, Amount: s.drawAmount(m, true, rng), Account: a, Merchant: mi, Date: Day(now), AuthDate: Day(now), Pending: true}
			t.ID, t.N = ts.IDs.New()
			ts.Add(t)
			added = append(added, Change{t.ID.String(), t.Account})
		}
	}
	return added, removed
}

// PostDue posts pending rows whose posting day has come (and, on a
// refresh of a dynamic history, every pending row). The owner serialises calls.
func (s *Catalog) PostDue(ts *State, now time.Time, refreshing bool) (added, removed []Change) {
	today := Day(now)
	n := len(ts.Rows)
	for i := 0; i < n; i++ {
		t := ts.Rows[i]
		due := t.PostOn != 0 && t.PostOn <= today
		onRefresh := t.PostOn == 0 && ts.Kind == historyDynamic && refreshing
		if t.Removed || !t.Pending || !(due || onRefresh) {
			continue
		}
		ts.remove(int32(i))
		removed = append(removed, Change{t.ID.String(), t.Account})
		posted := t
		posted.PendingID, posted.PendingN, posted.Pending, posted.PostOn = t.ID, t.N+1, false, 0
		posted.ID, posted.N = ts.IDs.New()
		posted.Date = max(today, t.AuthDate)
		if t.PostOn != 0 {
			posted.Date = t.PostOn
		}
		ts.Add(posted)
		added = append(added, Change{posted.ID.String(), posted.Account})
	}
	return added, removed
}

// Change is a row added or removed, for the webhooks that follow.
type Change struct {
	ID      string
	Account int32
}

// currencyCode packs an ISO currency code ("" stays zero, meaning USD).
func currencyCode(c string) [3]byte {
	var out [3]byte
	copy(out[:], c)
	return out
}
