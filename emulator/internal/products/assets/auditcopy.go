package assets

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /asset_report/filter makes a report without some accounts;
// /asset_report/audit_copy/* give an auditor a copy of a report under a
// token of its own (Sandbox checks no auditor list: any auditor_id).

// errBadReport: a stored report that does not decode (never, by construction).
var errBadReport = errors.New("a stored asset report is not JSON")

type assetReportFilterRequest struct {
	product.Credentials
	AssetReportToken    string   `json:"asset_report_token" plaid:"required"`
	AccountIDsToExclude []string `json:"account_ids_to_exclude" plaid:"required"`
}

// HandleAssetReportFilter serves POST /asset_report/filter: a new report,
// the same but for the excluded accounts (the old one stays).
func (p *API) HandleAssetReportFilter(c *product.Call, req *assetReportFilterRequest) (any, *wire.Error) {
	old, err := p.assetReportFor(c, req.AssetReportToken)
	if err != nil {
		return nil, err
	}
	var rep map[string]any
	if json.Unmarshal(old.Report, &rep) != nil {
		return nil, wire.Internal(errBadReport)
	}
	items, _ := rep["items"].([]any)
	for _, x := range items {
		it, _ := x.(map[string]any)
		accts, _ := it["accounts"].([]any)
		it["accounts"] = slices.DeleteFunc(slices.Clone(accts), func(a any) bool {
			id, _ := a.(map[string]any)["account_id"].(string)
			return slices.Contains(req.AccountIDsToExclude, id)
		})
	}
	ar := &Report{ClientID: c.ClientID, ItemIDs: old.ItemIDs, DaysRequested: old.DaysRequested, ClientReportID: old.ClientReportID,
		Webhook: old.Webhook, User: old.User, ID: p.door.NewUUID(), Token: "assets-sandbox-" + p.door.NewUUID()}
	rep["asset_report_id"] = ar.ID
	ar.Report = product.MustMarshal(rep)
	p.store(ar)
	return &assetReportCreateResponse{AssetReportToken: ar.Token, AssetReportID: ar.ID}, nil
}

// store keeps ar under its token and notes the change.
func (p *API) store(ar *Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reports[ar.Token] = ar
	p.door.ReportChanged(ar.Token)
}

type auditCopyCreateRequest struct {
	product.Credentials
	AssetReportToken string  `json:"asset_report_token" plaid:"required"`
	AuditorID        *string `json:"auditor_id"`
}

type auditCopyCreateResponse struct {
	AuditCopyToken string `json:"audit_copy_token"`
	wire.Response
}

// HandleAuditCopyCreate serves POST /asset_report/audit_copy/create.
func (p *API) HandleAuditCopyCreate(c *product.Call, req *auditCopyCreateRequest) (any, *wire.Error) {
	ar, err := p.assetReportFor(c, req.AssetReportToken)
	if err != nil {
		return nil, err
	}
	cp := *ar
	cp.Token, cp.AuditOf, cp.Auditor = "a-sandbox-"+p.door.NewUUID(), ar.Token, product.Deref(req.AuditorID, "")
	p.store(&cp)
	return &auditCopyCreateResponse{AuditCopyToken: cp.Token}, nil
}

type auditCopyTokenRequest struct {
	product.Credentials
	AuditCopyToken string `json:"audit_copy_token" plaid:"required"`
}

// auditCopyFor is the audit copy behind token, for its owner or its
// auditor.
func (p *API) auditCopyFor(c *product.Call, token string) (*Report, *wire.Error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ar, ok := p.reports[token]
	if !ok || ar.AuditOf == "" || (ar.ClientID != c.ClientID && ar.Auditor != c.ClientID) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("audit_copy_token is not an audit copy this client may read")
	}
	return ar, nil
}

// HandleAuditCopyGet serves POST /asset_report/audit_copy/get.
func (p *API) HandleAuditCopyGet(c *product.Call, req *auditCopyTokenRequest) (any, *wire.Error) {
	return reportOf(p.auditCopyFor(c, req.AuditCopyToken))
}

type auditCopyPDFGetRequest struct {
	auditCopyTokenRequest
	Options *struct {
		DaysToInclude *int `json:"days_to_include" plaid:"min=0,max=731"`
	} `json:"options"`
}

// HandleAuditCopyPDFGet serves POST /asset_report/audit_copy/pdf/get.
func (p *API) HandleAuditCopyPDFGet(c *product.Call, req *auditCopyPDFGetRequest) (any, *wire.Error) {
	return pdfOf(p.auditCopyFor(c, req.AuditCopyToken))
}

// HandleAuditCopyRemove serves POST /asset_report/audit_copy/remove.
func (p *API) HandleAuditCopyRemove(c *product.Call, req *auditCopyTokenRequest) (any, *wire.Error) {
	return p.remove(p.auditCopyFor(c, req.AuditCopyToken))
}

// ForgetClient removes one client's reports and audit copies.
func (p *API) ForgetClient(clientID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for tok, ar := range p.reports {
		if ar.ClientID == clientID {
			delete(p.reports, tok)
			p.door.ReportChanged(tok)
		}
	}
}
