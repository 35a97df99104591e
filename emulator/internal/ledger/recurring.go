package ledger

import (
	"math"
	"slices"
	"time"
)

// /transactions/recurring/get: streams of transactions that repeat on a
// cadence, found in the Item's posted history. A stream is the rows of one
// account with the same merchant (or, without one, the same name) going the
// same way (out or in) whose every gap between consecutive dates fits one
// frequency; anything irregular is not a stream.

type streamAmount struct {
	Amount                 float64 `json:"amount"`
	ISOCurrencyCode        *string `json:"iso_currency_code"`
	UnofficialCurrencyCode *string `json:"unofficial_currency_code"`
}

type streamPFC struct {
	ConfidenceLevel string `json:"confidence_level"`
	Detailed        string `json:"detailed"`
	Primary         string `json:"primary"`
	Version         string `json:"version,omitempty"`
}

type Stream struct {
	AccountID               string       `json:"account_id"`
	AverageAmount           streamAmount `json:"average_amount"`
	Category                []string     `json:"category"`
	CategoryID              *string      `json:"category_id"`
	Description             string       `json:"description"`
	FirstDate               string       `json:"first_date"`
	Frequency               string       `json:"frequency"`
	IsActive                bool         `json:"is_active"`
	IsUserModified          bool         `json:"is_user_modified"`
	LastAmount              streamAmount `json:"last_amount"`
	LastDate                string       `json:"last_date"`
	MerchantName            *string      `json:"merchant_name"`
	PersonalFinanceCategory *streamPFC   `json:"personal_finance_category"`
	PredictedNextDate       *string      `json:"predicted_next_date"`
	Status                  string       `json:"status"`
	StreamID                string       `json:"stream_id"`
	TransactionIDs          []string     `json:"transaction_ids"`
}

// cadence is a frequency: the gaps (in days) it allows between two rows,
// the step to the next expected row and how late that row may be before
// the stream stops being active.
type cadence struct {
	name     string
	min, max int32
	next     func(time.Time) time.Time
	grace    int32
	mature   int // rows needed for MATURE
}

// cadences in the order they are tried (SEMI_MONTHLY and BIWEEKLY overlap:
// BIWEEKLY needs every gap within a day of the others).
var cadences = []cadence{
	{"WEEKLY", 5, 9, func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }, 3, 3},
	{"BIWEEKLY", 12, 16, func(t time.Time) time.Time { return t.AddDate(0, 0, 14) }, 4, 3},
	{"SEMI_MONTHLY", 12, 19, func(t time.Time) time.Time { return t.AddDate(0, 0, 15) }, 5, 3},
	{"MONTHLY", 26, 35, func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, 7, 3},
	{"ANNUALLY", 350, 380, func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }, 30, 2},
}

// cadenceOf finds the frequency every gap of dates (ascending) fits.
func cadenceOf(dates []int32) (cadence, bool) {
	lo, hi := int32(1<<30), int32(0)
	for i := 1; i < len(dates); i++ {
		g := dates[i] - dates[i-1]
		lo, hi = min(lo, g), max(hi, g)
	}
	for _, c := range cadences {
		if lo >= c.min && hi <= c.max && (c.name != "BIWEEKLY" || hi-lo <= 1) {
			return c, true
		}
	}
	return cadence{}, false
}

// steadyAmounts tells whether a group's amounts are steady enough for a
// stream: two rows within 5 % of each other, more within 30 % of their mean
// (so a bill that varies still counts, two unrelated purchases do not).
func steadyAmounts(ts *State, idx []int32) bool {
	var mean float64
	for _, x := range idx {
		mean += ts.Rows[x].Amount
	}
	mean /= float64(len(idx))
	tol := 0.30
	if len(idx) == 2 {
		tol = 0.05
	}
	for _, x := range idx {
		if math.Abs(ts.Rows[x].Amount-mean) > tol*math.Abs(mean) {
			return false
		}
	}
	return true
}

// Streams finds an Item's inflow and outflow streams among the live posted
// rows of the wanted accounts (all when want is empty). The owner serialises calls.
func (s *Catalog) Streams(itemID string, accountIDs []string, ts *State, want map[int32]bool, today int32, version string) (in, out []Stream) {
	in, out = []Stream{}, []Stream{}
	type key struct {
		account, merchant int32
		name              string // rows without a merchant group by description
		in                bool
	}
	groups := map[key][]int32{}
	var order []key
	for i := range ts.Rows {
		t := &ts.Rows[i]
		if t.Removed || t.Pending || (len(want) > 0 && !want[t.Account]) {
			continue
		}
		k := key{account: t.Account, merchant: t.Merchant, in: t.Amount < 0}
		if t.Merchant < 0 && t.Name >= 0 {
			k.name = ts.Names[t.Name]
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], int32(i))
	}
	for _, k := range order {
		idx := groups[k]
		if len(idx) < 2 {
			continue
		}
		slices.SortStableFunc(idx, func(a, b int32) int { return int(ts.Rows[a].Date - ts.Rows[b].Date) })
		dates := make([]int32, len(idx))
		for i, x := range idx {
			dates[i] = ts.Rows[x].Date
		}
		cad, ok := cadenceOf(dates)
		if !ok || !steadyAmounts(ts, idx) {
			continue
		}
		str := s.stream(itemID, accountIDs, ts, idx, cad, today, version)
		if k.in {
			in = append(in, str)
		} else {
			out = append(out, str)
		}
	}
	return in, out
}

// stream describes the rows idx (ascending by date) of one stream.
func (s *Catalog) stream(itemID string, accountIDs []string, ts *State, idx []int32, cad cadence, today int32, version string) Stream {
	first, last := &ts.Rows[idx[0]], &ts.Rows[idx[len(idx)-1]]
	acct := accountIDs[last.Account]
	m := s.MerchantOf(last)
	desc := s.RowName(last, ts.Names)
	var sum float64
	ids := make([]string, len(idx))
	for i, x := range idx {
		sum += ts.Rows[x].Amount
		ids[i] = ts.Rows[x].ID.String()
	}
	cur := last.CurrencyString()
	lastDay := time.Unix(int64(last.Date)*86400, 0).UTC()
	next := Day(cad.next(lastDay))
	active := today <= next+cad.grace
	status := "EARLY_DETECTION"
	switch {
	case len(idx) >= cad.mature:
		status = "MATURE"
	case !active:
		status = "TOMBSTONED"
	}
	var predicted *string
	if active {
		p := DayString(next)
		predicted = &p
	}
	avg := math.Round(sum/float64(len(idx))*100) / 100 // to the cent, half away from zero
	out := Stream{
		AccountID:         acct,
		AverageAmount:     streamAmount{Amount: avg, ISOCurrencyCode: &cur},
		Category:          []string{},
		CategoryID:        NilIfEmpty(m.CategoryID),
		Description:       desc,
		FirstDate:         DayString(first.Date),
		Frequency:         cad.name,
		IsActive:          active,
		LastAmount:        streamAmount{Amount: last.Amount, ISOCurrencyCode: &cur},
		LastDate:          DayString(last.Date),
		MerchantName:      m.MerchantName,
		PredictedNextDate: predicted,
		Status:            status,
		StreamID:          streamID(itemID, acct, desc, last.Amount < 0),
		TransactionIDs:    ids,
		PersonalFinanceCategory: &streamPFC{ConfidenceLevel: "VERY_HIGH", Detailed: m.PFCDetailed,
			Primary: m.PFCPrimary, Version: version},
	}
	if cat := s.Fixtures.Category(m.CategoryID); cat != nil {
		out.Category = cat.Hierarchy
	}
	return out
}

// streamID is a stable 37-character id for an Item's stream.
func streamID(itemID, accountID, desc string, in bool) string {
	dir := "out"
	if in {
		dir = "in"
	}
	return HashID("stream/" + itemID + "/" + accountID + "/" + desc + "/" + dir)
}
