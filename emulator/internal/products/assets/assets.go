// Package assets serves Assets: /asset_report/create, /get, /pdf/get,
// /refresh and /remove. A report is frozen when made; its state is the
// reports by token.
package assets

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Assets: a report of one or more Items' accounts, balances, owners,
// transactions and daily balances over days_requested, frozen when it is
// made (as Plaid's are) and kept under its asset_report_token.

// Door is what Assets takes from the emulator.
type Door interface {
	// NewUUID draws an id from the seeded source.
	NewUUID() string
	// ItemByID is a copy of an Item whoever owns it.
	ItemByID(id string) (product.Item, bool)
	// Rows are the Item's transactions (its own once pulled, else a history
	// drawn for the report) and the names they refer to.
	Rows(it product.Item, days int, now time.Time) ([]ledger.Row, []string)
	// Catalog renders rows.
	Catalog() *ledger.Catalog
	// ReportChanged says a report was made or removed (for --state).
	ReportChanged(token string)
}

// API is Assets' state: the reports, by asset_report_token.
type API struct {
	door    Door
	mu      sync.Mutex
	reports map[string]*Report
}

func New(door Door) *API {
	return &API{door: door, reports: map[string]*Report{}}
}

// Reset forgets every report.
func (p *API) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reports = map[string]*Report{}
}

// Snapshot lists the reports, for --state.
func (p *API) Snapshot() []*Report {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]*Report, 0, len(p.reports))
	for _, ar := range p.reports {
		c := *ar
		out = append(out, &c)
	}
	slices.SortFunc(out, func(a, b *Report) int { return strings.Compare(a.Token, b.Token) })
	return out
}

// SavedOne is a copy of the report with token tok, for --state.
func (p *API) SavedOne(tok string) (*Report, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ar, ok := p.reports[tok]
	if !ok {
		return nil, false
	}
	c := *ar
	return &c, true
}

// Restore adds saved reports.
func (p *API) Restore(list []*Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ar := range list {
		p.reports[ar.Token] = ar
	}
}

// Report is a made report; exported fields are saved with --state.
type Report struct {
	ID, Token, ClientID string
	ItemIDs             []string
	DaysRequested       int
	ClientReportID      *string
	Webhook             *string
	User                json.RawMessage
	Report              json.RawMessage // the AssetReport object
	// AuditOf is, for an audit copy, the asset_report_token it copies (its
	// Token is then the audit_copy_token), and Auditor the auditor_id.
	AuditOf, Auditor string `json:",omitempty"`
}

type assetReportUser struct {
	ClientUserID *string `json:"client_user_id"`
	FirstName    *string `json:"first_name"`
	MiddleName   *string `json:"middle_name"`
	LastName     *string `json:"last_name"`
	SSN          *string `json:"ssn"`
	PhoneNumber  *string `json:"phone_number"`
	Email        *string `json:"email"`
}

type assetReportCreateRequest struct {
	product.Credentials
	AccessTokens  []string `json:"access_tokens" plaid:"required"`
	DaysRequested *int     `json:"days_requested" plaid:"required,min=0,max=731"`
	Options       *struct {
		ClientReportID    *string          `json:"client_report_id"`
		Webhook           *string          `json:"webhook" plaid:"format=url"`
		User              *assetReportUser `json:"user"`
		AddOns            []string         `json:"add_ons"`
		Products          []string         `json:"products"`
		IncludeFastReport *bool            `json:"include_fast_report"`
		RequireAllItems   *bool            `json:"require_all_items"`
	} `json:"options"`
}

type assetReportCreateResponse struct {
	AssetReportToken string `json:"asset_report_token"`
	AssetReportID    string `json:"asset_report_id"`
	wire.Response
}

// HandleAssetReportCreate serves POST /asset_report/create: every Item must
// be the client's and healthy (else its error), and gets assets; the report
// is made at once and ASSETS PRODUCT_READY goes to options.webhook.
func (p *API) HandleAssetReportCreate(c *product.Call, req *assetReportCreateRequest) (any, *wire.Error) {
	if len(req.AccessTokens) == 0 || len(req.AccessTokens) > 99 {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("access_tokens must hold 1 to 99 access tokens")
	}
	var items []product.Item
	for _, tok := range req.AccessTokens {
		it, err := c.ProductItem(tok, "assets")
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	ar := &Report{ClientID: c.ClientID, DaysRequested: *req.DaysRequested}
	user := assetReportUser{}
	if o := req.Options; o != nil {
		ar.ClientReportID, ar.Webhook = o.ClientReportID, o.Webhook
		if o.User != nil {
			user = *o.User
		}
	}
	ar.User = product.MustMarshal(user)
	for _, it := range items {
		ar.ItemIDs = append(ar.ItemIDs, it.ID)
	}
	p.makeAssetReport(c, ar, items)
	return &assetReportCreateResponse{AssetReportToken: ar.Token, AssetReportID: ar.ID}, nil
}

// makeAssetReport gives ar its ids and report, stores it, and announces it.
func (p *API) makeAssetReport(c *product.Call, ar *Report, items []product.Item) {
	ar.ID = p.door.NewUUID()
	ar.Token = "assets-sandbox-" + p.door.NewUUID()
	ar.Report = p.assetReportJSON(c.Now, ar, items)
	p.store(ar)
	if ar.Webhook != nil && *ar.Webhook != "" {
		c.Emit(ReportReady{It: items[0], URL: *ar.Webhook, ReportID: ar.ID})
	}
}

// assetReportFor is the client's report behind token.
func (p *API) assetReportFor(c *product.Call, token string) (*Report, *wire.Error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ar, ok := p.reports[token]
	if !ok || ar.ClientID != c.ClientID || ar.AuditOf != "" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("asset_report_token is not an asset report token of this client")
	}
	return ar, nil
}

type assetReportTokenRequest struct {
	product.Credentials
	AssetReportToken string `json:"asset_report_token" plaid:"required"`
}

type assetReportGetRequest struct {
	product.Credentials
	AssetReportToken string  `json:"asset_report_token" plaid:"required"`
	UserToken        *string `json:"user_token"`
	IncludeInsights  *bool   `json:"include_insights"`
	FastReport       *bool   `json:"fast_report"`
	Options          *struct {
		DaysToInclude *int `json:"days_to_include" plaid:"min=0,max=731"`
	} `json:"options"`
}

type assetReportGetResponse struct {
	Report   json.RawMessage `json:"report"`
	Warnings []any           `json:"warnings"`
	wire.Response
}

// HandleAssetReportGet serves POST /asset_report/get.
func (p *API) HandleAssetReportGet(c *product.Call, req *assetReportGetRequest) (any, *wire.Error) {
	return reportOf(p.assetReportFor(c, req.AssetReportToken))
}

// reportOf answers a report or audit copy found (or passes on why not).
func reportOf(ar *Report, err *wire.Error) (any, *wire.Error) {
	if err != nil {
		return nil, err
	}
	return &assetReportGetResponse{Report: ar.Report, Warnings: []any{}}, nil
}

type assetReportPDFGetRequest struct {
	product.Credentials
	AssetReportToken string `json:"asset_report_token" plaid:"required"`
	Options          *struct {
		DaysToInclude *int `json:"days_to_include" plaid:"min=0,max=731"`
	} `json:"options"`
}

// HandleAssetReportPDFGet serves POST /asset_report/pdf/get: the report as
// a PDF, a line for each account.
func (p *API) HandleAssetReportPDFGet(c *product.Call, req *assetReportPDFGetRequest) (any, *wire.Error) {
	return pdfOf(p.assetReportFor(c, req.AssetReportToken))
}

// pdfOf answers a report or audit copy found as a PDF (or passes on why not).
func pdfOf(ar *Report, err *wire.Error) (any, *wire.Error) {
	if err != nil {
		return nil, err
	}
	return &product.RawBody{ContentType: "application/pdf", Data: reportPDF(ar)}, nil
}

// reportPDF is a report as a PDF, a line for each account.
func reportPDF(ar *Report) []byte {
	var rep struct {
		DateGenerated string `json:"date_generated"`
		DaysRequested int    `json:"days_requested"`
		Items         []struct {
			InstitutionName string `json:"institution_name"`
			Accounts        []struct {
				Name     string `json:"name"`
				Mask     *string
				Balances struct {
					Current *float64 `json:"current"`
				} `json:"balances"`
				Transactions []json.RawMessage `json:"transactions"`
			} `json:"accounts"`
		} `json:"items"`
	}
	_ = json.Unmarshal(ar.Report, &rep)
	lines := []string{"Asset Report " + ar.ID, "Generated " + rep.DateGenerated + ", " + itoa(rep.DaysRequested) + " days"}
	for _, it := range rep.Items {
		lines = append(lines, it.InstitutionName)
		for _, a := range it.Accounts {
			bal := "n/a"
			if a.Balances.Current != nil {
				bal = formatAmount(*a.Balances.Current)
			}
			lines = append(lines, "  "+a.Name+": balance "+bal+", "+itoa(len(a.Transactions))+" transactions")
		}
	}
	return product.SimplePDF(append(lines, "Sandbox report generated by plaid-emulator"))
}

type assetReportRemoveResponse struct {
	Removed bool `json:"removed"`
	wire.Response
}

// HandleAssetReportRemove serves POST /asset_report/remove.
func (p *API) HandleAssetReportRemove(c *product.Call, req *assetReportTokenRequest) (any, *wire.Error) {
	return p.remove(p.assetReportFor(c, req.AssetReportToken))
}

// remove forgets a report or audit copy found (or passes on why not).
func (p *API) remove(ar *Report, err *wire.Error) (any, *wire.Error) {
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.reports, ar.Token)
	p.door.ReportChanged(ar.Token)
	return &assetReportRemoveResponse{Removed: true}, nil
}

type assetReportRefreshRequest struct {
	product.Credentials
	AssetReportToken string `json:"asset_report_token" plaid:"required"`
	DaysRequested    *int   `json:"days_requested" plaid:"min=0,max=731"`
	Options          *struct {
		ClientReportID *string          `json:"client_report_id"`
		Webhook        *string          `json:"webhook" plaid:"format=url"`
		User           *assetReportUser `json:"user"`
	} `json:"options"`
}

// HandleAssetReportRefresh serves POST /asset_report/refresh: a new report
// of the same Items, as of now (the old one stays).
func (p *API) HandleAssetReportRefresh(c *product.Call, req *assetReportRefreshRequest) (any, *wire.Error) {
	old, err := p.assetReportFor(c, req.AssetReportToken)
	if err != nil {
		return nil, err
	}
	ar := &Report{ClientID: c.ClientID, ItemIDs: old.ItemIDs, DaysRequested: old.DaysRequested,
		ClientReportID: old.ClientReportID, Webhook: old.Webhook, User: old.User}
	if req.DaysRequested != nil {
		ar.DaysRequested = *req.DaysRequested
	}
	if o := req.Options; o != nil {
		if o.ClientReportID != nil {
			ar.ClientReportID = o.ClientReportID
		}
		if o.Webhook != nil {
			ar.Webhook = o.Webhook
		}
		if o.User != nil {
			ar.User = product.MustMarshal(o.User)
		}
	}
	var items []product.Item
	for _, id := range ar.ItemIDs {
		it, ok := p.door.ItemByID(id)
		if !ok {
			return nil, wire.New(wire.CodeItemNotFound)
		}
		if it.Err != nil {
			return nil, it.Err
		}
		items = append(items, it)
	}
	p.makeAssetReport(c, ar, items)
	return &assetReportCreateResponse{AssetReportToken: ar.Token, AssetReportID: ar.ID}, nil
}
