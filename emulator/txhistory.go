package emulator

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// History kinds (fixtures.History.Kind).
const (
	historyNone      = "none"
	historySandbox   = "sandbox"
	historyDynamic   = "dynamic"
	historyGenerated = "generated"
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

// txSource is what an Item's transactions are built from.
type txSource struct {
	history   *fixtures.History
	scripted  [][]fixtures.Transaction // per Item account
	recurring [][]fixtures.Recurring   // per Item account
	custom    [][]customTxn            // per Item account (user_custom)
}

type customTxn struct {
	transacted, posted string
	amount             float64
	description        string
	currency           string
}

// merchantIndex finds a catalogue entry by name (-1 when absent).
func (s *store) merchantIndex(name string) int32 {
	if i, ok := s.merchantIdx[name]; ok {
		return i
	}
	return -1
}

// accountFor picks the first account of the Item matching the merchant's
// preferred subtypes, in preference order; -1 if none.
func accountFor(accts []account, m *fixtures.Merchant) int32 {
	for _, want := range m.Accounts {
		for i, a := range accts {
			if a.Subtype != nil && *a.Subtype == want {
				return int32(i)
			}
		}
	}
	return -1
}

// buildHistory makes an Item's starting rows, oldest first, naming rows
// that have no merchant in ts. Callers hold s.mu.
func (s *store) buildHistory(ts *txState, accts []account, src txSource, days int, now time.Time, rng *rand.Rand) []txn {
	today := day(now)
	var rows []txn
	addMerchant := func(name string, d int32, amount float64, pending bool) {
		mi := s.merchantIndex(name)
		if mi < 0 {
			return
		}
		a := accountFor(accts, &s.fx.Merchants[mi])
		if a < 0 {
			return
		}
		rows = append(rows, txn{name: -1, amount: amount, account: a, merchant: mi, date: d, authDate: d, pending: pending})
	}
	kind := historyNone
	if src.history != nil {
		kind = src.history.Kind
		if src.history.Days > 0 {
			days = src.history.Days
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
	case historyDynamic, historyGenerated:
		perMonth := 36
		if kind == historyGenerated {
			perMonth = src.history.PerMonth
		}
		n := perMonth * days / 30
		usable := s.usableMerchants(accts)
		for range n {
			if len(usable) == 0 {
				break
			}
			mi := usable[rng.IntN(len(usable))]
			d := today - int32(rng.IntN(days))
			addMerchant(s.fx.Merchants[mi].Name, d, s.drawAmount(&s.fx.Merchants[mi], kind == historyDynamic, rng), false)
		}
		if kind == historyDynamic {
			for range 2 {
				mi := usable[rng.IntN(len(usable))]
				addMerchant(s.fx.Merchants[mi].Name, today-int32(rng.IntN(2)), s.drawAmount(&s.fx.Merchants[mi], true, rng), true)
			}
		}
	}
	for ai, list := range src.scripted {
		for _, t := range list {
			d := today
			if t.DaysAgo != nil {
				d = today - int32(*t.DaysAgo)
			} else if tm, err := time.Parse(time.DateOnly, t.Date); err == nil {
				d = day(tm)
			}
			rows = append(rows, s.scriptedRow(ts, int32(ai), d, t.Amount, t.Merchant, t.Name, t.Pending, t.Currency))
		}
	}
	for ai, list := range src.recurring {
		for i := range list {
			r := &list[i]
			for _, d := range r.Dates(time.Unix(int64(today)*86400, 0).UTC()) {
				rows = append(rows, s.scriptedRow(ts, int32(ai), day(d), r.Amount, r.Merchant, r.Name, false, r.Currency))
			}
		}
	}
	for ai, list := range src.custom {
		for _, t := range list {
			rows = append(rows, customRow(ts, int32(ai), t, today))
		}
	}
	slices.SortStableFunc(rows, func(a, b txn) int { return int(a.date - b.date) })
	for i := range rows {
		rows[i].id = txIDFrom(rng)
	}
	return rows
}

// scriptedRow is a row a fixture scripts (one transaction or one date of a
// recurring rule): a catalogue merchant, a description, or both.
func (s *store) scriptedRow(ts *txState, account, d int32, amount float64, merchant, name string, pending bool, currency string) txn {
	r := txn{name: -1, amount: amount, account: account, merchant: -1, date: d, authDate: d, pending: pending, currency: currencyCode(currency)}
	if merchant != "" {
		r.merchant = s.merchantIndex(merchant)
	}
	if name != "" || r.merchant < 0 {
		r.name = ts.nameOf(name)
	}
	if pending {
		r.postOn = d + 2
	}
	return r
}

// customRow is a user_custom or /sandbox/transactions/create row: a posting
// date still ahead makes it pending until then.
func customRow(ts *txState, account int32, t customTxn, today int32) txn {
	r := txn{name: ts.nameOf(t.description), amount: t.amount, account: account, merchant: -1, currency: currencyCode(t.currency)}
	r.authDate, r.date = today, today
	if tm, err := time.Parse(time.DateOnly, t.transacted); err == nil {
		r.authDate = day(tm)
	}
	if tm, err := time.Parse(time.DateOnly, t.posted); err == nil {
		r.date = day(tm)
	}
	if r.date > today {
		r.pending, r.postOn, r.date = true, r.date, r.authDate
	}
	return r
}

// usableMerchants are the catalogue entries with an account on this Item.
func (s *store) usableMerchants(accts []account) []int32 {
	var out []int32
	for i := range s.fx.Merchants {
		if accountFor(accts, &s.fx.Merchants[i]) >= 0 {
			out = append(out, int32(i))
		}
	}
	return out
}

// drawAmount picks an amount in the merchant's range: cents, or (for the
// dynamic user, now and then) up to 7 decimals as the Sandbox does.
func (s *store) drawAmount(m *fixtures.Merchant, manyDecimals bool, rng *rand.Rand) float64 {
	x := m.AmountMin + rng.Float64()*(m.AmountMax-m.AmountMin)
	if manyDecimals && rng.IntN(5) == 0 {
		return math.Round(x*1e7) / 1e7
	}
	return math.Round(x*100) / 100
}

// refresh posts pending rows that are due and, for dynamic histories, adds
// new pending ones. It returns the ids added and removed. Callers hold s.mu.
func (s *store) refresh(ts *txState, accts []account, now time.Time) (added, removed []txChange) {
	added, removed = s.postDue(ts, now, true)
	if ts.kind == historyDynamic {
		ts.rounds++
		usable := s.usableMerchants(accts)
		for range 1 + s.rng.IntN(3) {
			if len(usable) == 0 {
				break
			}
			mi := usable[s.rng.IntN(len(usable))]
			m := &s.fx.Merchants[mi]
			a := accountFor(accts, m)
			t := txn{id: s.newTxID(), name: -1, amount: s.drawAmount(m, true, s.rng), account: a, merchant: mi, date: day(now), authDate: day(now), pending: true}
			ts.add(t)
			added = append(added, txChange{t.id.String(), t.account})
		}
	}
	return added, removed
}

// postDue posts pending rows whose posting day has come (and, on a
// refresh of a dynamic history, every pending row). Callers hold s.mu.
func (s *store) postDue(ts *txState, now time.Time, refreshing bool) (added, removed []txChange) {
	today := day(now)
	n := len(ts.rows)
	for i := 0; i < n; i++ {
		t := ts.rows[i]
		due := t.postOn != 0 && t.postOn <= today
		onRefresh := t.postOn == 0 && ts.kind == historyDynamic && refreshing
		if t.removed || !t.pending || !(due || onRefresh) {
			continue
		}
		ts.remove(int32(i))
		removed = append(removed, txChange{t.id.String(), t.account})
		posted := t
		posted.id, posted.pendingID, posted.pending, posted.postOn = s.newTxID(), t.id, false, 0
		posted.date = max(today, t.authDate)
		if t.postOn != 0 {
			posted.date = t.postOn
		}
		ts.add(posted)
		added = append(added, txChange{posted.id.String(), posted.account})
	}
	return added, removed
}

// txChange is a row added or removed, for the webhooks that follow.
type txChange struct {
	id      string
	account int32
}

// currencyCode packs an ISO currency code ("" stays zero, meaning USD).
func currencyCode(c string) [3]byte {
	var out [3]byte
	copy(out[:], c)
	return out
}
