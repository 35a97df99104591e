package emulator

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /transactions/recurring/get: streams of transactions that repeat on a
// cadence, found in the Item's posted history. A stream is the rows of one
// account with the same merchant (or, without one, the same name) going the
// same way (out or in) whose every gap between consecutive dates fits one
// frequency; anything irregular is not a stream.

type transactionsRecurringGetRequest struct {
	credentials
	AccessToken string            `json:"access_token" plaid:"required"`
	AccountIDs  []string          `json:"account_ids"`
	Options     *recurringOptions `json:"options"`
}

type recurringOptions struct {
	IncludePersonalFinanceCategory *bool   `json:"include_personal_finance_category"`
	PersonalFinanceCategoryVersion *string `json:"personal_finance_category_version" plaid:"enum=pfc_versions"`
}

// version is the personal_finance_category version asked for ("": none).
func (o *recurringOptions) version() string {
	if o == nil || o.PersonalFinanceCategoryVersion == nil {
		return ""
	}
	return *o.PersonalFinanceCategoryVersion
}

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

type transactionStream struct {
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

type transactionsRecurringGetResponse struct {
	InflowStreams                  []transactionStream `json:"inflow_streams"`
	OutflowStreams                 []transactionStream `json:"outflow_streams"`
	PersonalFinanceCategoryVersion *string             `json:"personal_finance_category_version,omitempty"`
	UpdatedDatetime                string              `json:"updated_datetime"`
	wire.Response
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
func steadyAmounts(ts *txState, idx []int32) bool {
	var mean float64
	for _, x := range idx {
		mean += ts.rows[x].amount
	}
	mean /= float64(len(idx))
	tol := 0.30
	if len(idx) == 2 {
		tol = 0.05
	}
	for _, x := range idx {
		if math.Abs(ts.rows[x].amount-mean) > tol*math.Abs(mean) {
			return false
		}
	}
	return true
}

// handleTransactionsRecurringGet serves POST /transactions/recurring/get.
func handleTransactionsRecurringGet(c *call, req *transactionsRecurringGetRequest) (any, *wire.Error) {
	it, started, err := c.transactionsItem(req.AccessToken, 0)
	if err != nil {
		return nil, err
	}
	want := map[int32]bool{}
	for _, id := range req.AccountIDs {
		i := accountIndex(it, id)
		if i < 0 {
			return nil, wire.New(wire.CodeInvalidAccountID)
		}
		want[i] = true
	}
	return c.recurringCore(it, started, want, req.Options.version())
}

// recurringCore answers recurring/get for the wanted accounts of an Item.
func (c *call) recurringCore(it item, started bool, want map[int32]bool, version string) (*transactionsRecurringGetResponse, *wire.Error) {
	st := c.s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	ts := st.tx[it.ID]
	if ts == nil || started || ts.status == txNotReady {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	out := &transactionsRecurringGetResponse{UpdatedDatetime: rfc3339(ts.lastUpdate)}
	if version != "" {
		out.PersonalFinanceCategoryVersion = &version
	}
	out.InflowStreams, out.OutflowStreams = st.streams(it, ts, want, day(c.now), version)
	return out, nil
}

// streams finds an Item's inflow and outflow streams among the live posted
// rows of the wanted accounts (all when want is empty). Callers hold s.mu.
func (s *store) streams(it item, ts *txState, want map[int32]bool, today int32, version string) (in, out []transactionStream) {
	in, out = []transactionStream{}, []transactionStream{}
	type key struct {
		account, merchant int32
		name              string // rows without a merchant group by description
		in                bool
	}
	groups := map[key][]int32{}
	var order []key
	for i := range ts.rows {
		t := &ts.rows[i]
		if t.removed || t.pending || (len(want) > 0 && !want[t.account]) {
			continue
		}
		k := key{account: t.account, merchant: t.merchant, in: t.amount < 0}
		if t.merchant < 0 && t.name >= 0 {
			k.name = ts.names[t.name]
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
		slices.SortStableFunc(idx, func(a, b int32) int { return int(ts.rows[a].date - ts.rows[b].date) })
		dates := make([]int32, len(idx))
		for i, x := range idx {
			dates[i] = ts.rows[x].date
		}
		cad, ok := cadenceOf(dates)
		if !ok || !steadyAmounts(ts, idx) {
			continue
		}
		str := s.stream(it, ts, idx, cad, today, version)
		if k.in {
			in = append(in, str)
		} else {
			out = append(out, str)
		}
	}
	return in, out
}

// stream describes the rows idx (ascending by date) of one stream.
func (s *store) stream(it item, ts *txState, idx []int32, cad cadence, today int32, version string) transactionStream {
	first, last := &ts.rows[idx[0]], &ts.rows[idx[len(idx)-1]]
	acct := it.Accounts[last.account].ID
	m := s.merchantOf(last)
	desc := s.rowName(last, ts.names)
	var sum float64
	ids := make([]string, len(idx))
	for i, x := range idx {
		sum += ts.rows[x].amount
		ids[i] = ts.rows[x].id.String()
	}
	cur := last.currencyString()
	lastDay := time.Unix(int64(last.date)*86400, 0).UTC()
	next := day(cad.next(lastDay))
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
		p := dayString(next)
		predicted = &p
	}
	avg := math.Round(sum/float64(len(idx))*100) / 100 // to the cent, half away from zero
	out := transactionStream{
		AccountID:         acct,
		AverageAmount:     streamAmount{Amount: avg, ISOCurrencyCode: &cur},
		Category:          []string{},
		CategoryID:        nilIfEmpty(m.CategoryID),
		Description:       desc,
		FirstDate:         dayString(first.date),
		Frequency:         cad.name,
		IsActive:          active,
		LastAmount:        streamAmount{Amount: last.amount, ISOCurrencyCode: &cur},
		LastDate:          dayString(last.date),
		MerchantName:      m.MerchantName,
		PredictedNextDate: predicted,
		Status:            status,
		StreamID:          streamID(it.ID, acct, desc, last.amount < 0),
		TransactionIDs:    ids,
		PersonalFinanceCategory: &streamPFC{ConfidenceLevel: "VERY_HIGH", Detailed: m.PFCDetailed,
			Primary: m.PFCPrimary, Version: version},
	}
	if cat := s.fx.Category(m.CategoryID); cat != nil {
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
	return hashID("stream/" + itemID + "/" + accountID + "/" + desc + "/" + dir)
}

// notifyRecurring sends RECURRING_TRANSACTIONS_UPDATE (account_ids: the
// accounts with streams) to an Item with the recurring_transactions product
// once its full history is in and whenever its streams change after that.
func (s *Server) notifyRecurring(it item) {
	if !it.hasProduct("recurring_transactions") {
		return
	}
	st := s.store
	st.mu.Lock() // recurringSig only; not state worth saving
	ts := st.tx[it.ID]
	if ts == nil || ts.status != txHistorical {
		st.mu.Unlock()
		return
	}
	in, out := st.streams(it, ts, nil, day(s.clock.Now()), "")
	var sig strings.Builder
	accts := []string{}
	for _, str := range append(in, out...) {
		fmt.Fprintf(&sig, "%s:%d:%s:%s:%t;", str.StreamID, len(str.TransactionIDs), str.LastDate, str.Status, str.IsActive)
		if !slices.Contains(accts, str.AccountID) {
			accts = append(accts, str.AccountID)
		}
	}
	changed := sig.String() != ts.recurringSig
	ts.recurringSig = sig.String()
	st.mu.Unlock()
	if changed {
		s.fire(it, "TRANSACTIONS", "RECURRING_TRANSACTIONS_UPDATE", map[string]any{"account_ids": accts})
	}
}
