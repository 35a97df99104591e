package assets

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Name names the product module: Assets: asset reports, their PDFs, filters and audit copies.
func (p *API) Name() string { return "assets" }

// Endpoints are the Plaid paths it serves.
func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/asset_report/create", p.HandleAssetReportCreate),
		product.Op("/asset_report/get", p.HandleAssetReportGet),
		product.Op("/asset_report/pdf/get", p.HandleAssetReportPDFGet),
		product.Op("/asset_report/refresh", p.HandleAssetReportRefresh),
		product.Op("/asset_report/filter", p.HandleAssetReportFilter),
		product.Op("/asset_report/audit_copy/create", p.HandleAuditCopyCreate),
		product.Op("/asset_report/audit_copy/get", p.HandleAuditCopyGet),
		product.Op("/asset_report/audit_copy/pdf/get", p.HandleAuditCopyPDFGet),
		product.Op("/asset_report/audit_copy/remove", p.HandleAuditCopyRemove),
		product.Op("/asset_report/remove", p.HandleAssetReportRemove),
	}
}

// It keeps state of its own: a reset and a client's reset reach it.
var _ interface {
	product.Module
	product.Resetter
	product.ClientForgetter
} = (*API)(nil)
