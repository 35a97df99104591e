// Package transactions serves Transactions: /transactions/sync with real
// cursors, /get, /refresh, /recurring/get and /sandbox/transactions/create.
// The rows are the ledger's, held by the store; it reaches them through its Door.
package transactions

import (
	"strconv"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type RequestOptions struct {
	IncludeOriginalDescription         *bool   `json:"include_original_description"`
	IncludePersonalFinanceCategory     *bool   `json:"include_personal_finance_category"`
	IncludePersonalFinanceCategoryBeta *bool   `json:"include_personal_finance_category_beta"`
	IncludeLogoAndCounterpartyBeta     *bool   `json:"include_logo_and_counterparty_beta"`
	PersonalFinanceCategoryVersion     *string `json:"personal_finance_category_version" plaid:"enum=pfc_versions"`
	DaysRequested                      *int    `json:"days_requested" plaid:"min=1,max=730"`
}

func (o *RequestOptions) render() ledger.RenderOptions {
	var out ledger.RenderOptions
	if o == nil {
		return out
	}
	out.OriginalDescription = o.IncludeOriginalDescription != nil && *o.IncludeOriginalDescription
	if o.PersonalFinanceCategoryVersion != nil {
		out.PFCVersion = *o.PersonalFinanceCategoryVersion
	}
	return out
}

func (o *RequestOptions) Days() int {
	if o == nil || o.DaysRequested == nil {
		return 0
	}
	return *o.DaysRequested
}

// SyncOptions are the spec's TransactionsSyncRequestOptions (shared by
// /transactions/sync and /processor/transactions/sync).
type SyncOptions struct {
	RequestOptions
	AccountID *string `json:"account_id"`
}

type transactionsSyncRequest struct {
	product.Credentials
	AccessToken string       `json:"access_token" plaid:"required"`
	Cursor      *string      `json:"cursor"`
	Count       *int         `json:"count" plaid:"min=1,max=500"`
	Options     *SyncOptions `json:"options"`
}

// Door is what Transactions takes from the emulator: the store's
// ledgers (under its lock) and their mutations.
type Door interface {
	// Start turns Transactions on for an Item: its history is staged and
	// pulled after the current call (which sees NOT_READY).
	Start(it product.Item, days int)
	// Locked runs fn on the Item's transactions (nil: none) under the
	// store's write lock; fn reports whether it changed state worth saving.
	Locked(itemID string, fn func(ts *ledger.State) (changed bool))
	// Refresh posts due rows (and moves a dynamic history on); nil when
	// the transactions are not ready.
	Refresh(itemID string, now time.Time) product.Event
	// AddRows adds user-made rows to an account of a started Item.
	AddRows(itemID string, acct int32, rows []ledger.CustomTxn, now time.Time) (product.Event, *wire.Error)
	// Catalog renders rows.
	Catalog() *ledger.Catalog
	// ProcessorTransactions starts a partner's Transactions call: the Item
	// and account behind the token, and whether this call turned
	// Transactions on (its data is then not ready yet).
	ProcessorTransactions(c *product.Call, tok string, days int) (product.Item, int32, bool, *wire.Error)
	// ProcessorSynced notes that the token's partner has used sync (its
	// SYNC_UPDATES_AVAILABLE webhooks start).
	ProcessorSynced(tok string)
}

// API serves Transactions.
type API struct{ door Door }

func New(door Door) *API { return &API{door: door} }

// transactionsItem starts a Transactions call: the Item (failing with its
// error state), and whether Transactions was just turned on by this call
// (in which case the data is not ready yet, as in Plaid).
func (p *API) transactionsItem(c *product.Call, accessToken string, days int) (product.Item, bool, *wire.Error) {
	it, err := c.ProductItem(accessToken, "")
	if err != nil {
		return product.Item{}, false, err
	}
	if it.HasProduct("transactions") {
		return it, false, nil
	}
	it, err = c.ProductItem(accessToken, "transactions")
	if err != nil {
		return product.Item{}, false, err
	}
	p.door.Start(it, days)
	return it, true, nil
}

// txAccounts are the accounts with transactions (not investments).
func txAccounts(it product.Item, only int32) []*product.Account {
	var out []*product.Account
	for i := range it.Accounts {
		a := &it.Accounts[i]
		if (only < 0 || int32(i) == only) && a.Type != "investment" && a.Type != "brokerage" {
			out = append(out, a)
		}
	}
	return out
}

// HandleTransactionsSync serves POST /transactions/sync (https://plaid.com/docs/api/products/transactions/#transactionssync).
func (p *API) HandleTransactionsSync(c *product.Call, req *transactionsSyncRequest) (any, *wire.Error) {
	var opts *RequestOptions
	stream := int32(-1)
	streamID := ""
	if req.Options != nil {
		opts = &req.Options.RequestOptions
	}
	it, started, err := p.transactionsItem(c, req.AccessToken, opts.Days())
	if err != nil {
		return nil, err
	}
	if req.Options != nil && req.Options.AccountID != nil {
		streamID = *req.Options.AccountID
		if stream = product.AccountIndex(it, streamID); stream < 0 {
			return nil, wire.New(wire.CodeInvalidAccountID)
		}
	}
	return p.SyncCore(it, started, stream, req.Cursor, req.Count, opts)
}

// SyncCore is one sync call on a stream: the Item's (stream -1) or one
// account's, which is also what a processor token sees.
func (p *API) SyncCore(it product.Item, started bool, stream int32, cursorIn *string, countIn *int, opts *RequestOptions) (*syncResponse, *wire.Error) {
	streamID := ""
	if stream >= 0 {
		streamID = it.Accounts[stream].ID
	}
	count := 100
	if countIn != nil {
		count = *countIn
	}
	resp := &syncResponse{cat: p.door.Catalog(), accounts: txAccounts(it, stream), opts: opts.render(), it: it}
	var err *wire.Error
	ready := false
	p.door.Locked(it.ID, func(ts *ledger.State) bool {
		changed := ts != nil && !ts.SyncCalled
		if changed { // the one change a sync makes
			ts.SyncCalled = true
		}
		if ts == nil || started || ts.Status == ledger.NotReady {
			return changed
		}
		pos := uint64(0)
		switch cur := product.Deref(cursorIn, ""); cur {
		case "":
		case "now":
			pos = uint64(ts.StreamLen(stream))
		default:
			cc, ok := ledger.DecodeCursor(cur, it.ID, streamID)
			if !ok || cc.Pos > uint64(ts.StreamLen(stream)) {
				err = wire.New(wire.CodeInvalidField).WithMessage("cursor is not a valid cursor for this access_token")
				return changed
			}
			if cc.HasMore && cc.StreamLen != uint64(ts.StreamLen(stream)) {
				err = wire.New(wire.CodeSyncMutation)
				return changed
			}
			pos = cc.Pos
		}
		resp.page = ts.Page(stream, pos, count)
		resp.status, ready = ts.Status, true
		return changed
	})
	if err != nil {
		return nil, err
	}
	if !ready {
		resp.status = ledger.NotReady
		return resp, nil
	}
	resp.cursor = resp.page.Next.Encode(it.ID, streamID)
	return resp, nil
}

// syncResponse is TransactionsSyncResponse, written by hand.
type syncResponse struct {
	Single   bool // a processor's view: "account" (one, or null), not "accounts"
	cat      *ledger.Catalog
	it       product.Item
	accounts []*product.Account
	page     ledger.SyncPage
	cursor   string
	status   string
	opts     ledger.RenderOptions
}

func (r *syncResponse) AppendJSON(b []byte, requestID string) []byte {
	b = r.appendAccountsField(append(b, '{'))
	b = append(b, `,"added":`...)
	b = r.appendRows(b, r.page.Added)
	b = append(b, `,"has_more":`...)
	b = append(b, boolJSON(r.page.Next.HasMore && r.status != ledger.NotReady)...)
	b = append(b, `,"modified":`...)
	b = r.appendRows(b, r.page.Modified)
	b = append(b, `,"next_cursor":`...)
	b = wire.AppendString(b, r.cursor)
	b = append(b, `,"removed":[`...)
	for i, t := range r.page.Removed {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"account_id":`...)
		b = wire.AppendString(b, r.it.Accounts[t.Account].ID)
		b = append(b, `,"transaction_id":"`...)
		b = append(b, t.ID[:]...)
		b = append(b, '"')
		b = append(b, '}')
	}
	b = append(b, `],"transactions_update_status":`...)
	b = wire.AppendString(b, r.status)
	return product.AppendRequestID(b, requestID)
}

// appendAccountsField writes "accounts":[…], or for a processor "account":{…}.
func (r *syncResponse) appendAccountsField(b []byte) []byte {
	if !r.Single {
		return product.AppendAccounts(append(b, `"accounts":`...), r.accounts)
	}
	b = append(b, `"account":`...)
	if len(r.accounts) == 0 {
		return append(b, "null"...)
	}
	return append(b, r.accounts[0].Raw...)
}

func (r *syncResponse) appendRows(b []byte, rows []ledger.Row) []byte {
	b = append(b, '[')
	for i := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = r.cat.AppendTxn(b, &rows[i], r.page.Names, r.it.Accounts[rows[i].Account].ID, r.opts)
	}
	return append(b, ']')
}

func boolJSON(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

type transactionsGetRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	StartDate   string `json:"start_date" plaid:"required,format=date"`
	EndDate     string `json:"end_date" plaid:"required,format=date"`
	Options     *struct {
		RequestOptions
		AccountIDs []string `json:"account_ids"`
		Count      *int     `json:"count" plaid:"min=1,max=500"`
		Offset     *int     `json:"offset" plaid:"min=0"`
	} `json:"options"`
}

// HandleTransactionsGet serves POST /transactions/get: live rows in the
// date range, newest first, paged by count and offset.
func (p *API) HandleTransactionsGet(c *product.Call, req *transactionsGetRequest) (any, *wire.Error) {
	var opts *RequestOptions
	var ids []string
	var count, offset *int
	if o := req.Options; o != nil {
		opts, ids, count, offset = &o.RequestOptions, o.AccountIDs, o.Count, o.Offset
	}
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	it, started, err := p.transactionsItem(c, req.AccessToken, opts.Days())
	if err != nil {
		return nil, err
	}
	want := map[int32]bool{}
	for _, id := range ids {
		i := product.AccountIndex(it, id)
		if i < 0 {
			return nil, wire.New(wire.CodeInvalidAccountID)
		}
		want[i] = true
	}
	return p.GetCore(it, started, want, req.StartDate, req.EndDate, count, offset, opts)
}

// GetCore reads live rows of the wanted accounts (all when empty).
func (p *API) GetCore(it product.Item, started bool, want map[int32]bool, startDate, endDate string, countIn, offsetIn *int, opts *RequestOptions) (*getResponse, *wire.Error) {
	start, _ := time.Parse(time.DateOnly, startDate)
	end, _ := time.Parse(time.DateOnly, endDate)
	count, offset := 100, 0
	if countIn != nil {
		count = *countIn
	}
	if offsetIn != nil {
		offset = *offsetIn
	}
	lo, hi := ledger.Day(start), ledger.Day(end)
	resp := &getResponse{syncResponse: syncResponse{cat: p.door.Catalog(), it: it, opts: opts.render()}}
	for _, a := range txAccounts(it, -1) {
		if len(want) == 0 || want[product.AccountIndex(it, a.ID)] {
			resp.accounts = append(resp.accounts, a)
		}
	}
	ready := false
	p.door.Locked(it.ID, func(ts *ledger.State) bool { // a read; only the sort cache may change, which is not state
		if ts == nil || started || ts.Status == ledger.NotReady {
			return false
		}
		ready = true
		for _, idx := range ts.LiveSorted() {
			t := &ts.Rows[idx]
			if t.Date < lo || t.Date > hi || (len(want) > 0 && !want[t.Account]) {
				continue
			}
			if resp.total >= offset && len(resp.rows) < count {
				resp.rows = append(resp.rows, *t)
			}
			resp.total++
		}
		resp.page.Names = ts.Names
		return false
	})
	if !ready {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	return resp, nil
}

// getResponse is TransactionsGetResponse, written by hand.
type getResponse struct {
	syncResponse
	rows  []ledger.Row
	total int
}

func (r *getResponse) AppendJSON(b []byte, requestID string) []byte {
	b = r.appendAccountsField(append(b, '{'))
	if !r.Single {
		b = append(b, `,"item":`...)
		b = append(b, r.it.Raw...)
	}
	b = append(b, `,"total_transactions":`...)
	b = appendInt(b, r.total)
	b = append(b, `,"transactions":`...)
	b = r.appendRows(b, r.rows)
	return product.AppendRequestID(b, requestID)
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }
