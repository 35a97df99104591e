package admin

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The coverage table (GET /_emulator/coverage, and docs/coverage.md made
// from it): every POST path of Plaid's spec and of plaid-node 47's newer
// one, served or left out, and why.

// leftOut says why paths are not served, by prefix (the first that
// matches). Planned ones name their issue.
var leftOut = []struct{ prefix, why string }{
	{"/bank_transfer/", "Legacy Bank Transfer: planned (issue #27)"},
	{"/processor/bank_transfer/", "Legacy Bank Transfer: planned (issue #27)"},
	{"/sandbox/bank_transfer/", "Legacy Bank Transfer: planned (issue #27)"},
	{"/transfer/", "Transfer: planned (issue #27)"},
	{"/sandbox/transfer/", "Transfer: planned (issue #27)"},
	{"/payment_profile/", "Payment profiles (Transfer without an Item): planned (issue #27)"},
	{"/sandbox/payment_profile/", "Payment profiles (Transfer without an Item): planned (issue #27)"},
	{"/auth/verify", "Database Auth: planned with micro-deposits (issue #27)"},
	{"/sandbox/oauth/select_accounts", "Planned (issue #27)"},
	{"/sandbox/item/application/seed", "Planned (issue #27)"},
	{"/user/", "Plaid users: planned (issue #28)"},
	{"/sandbox/user/", "Plaid users: planned (issue #28)"},
	{"/credit/audit_copy_token/", "Not planned yet: audit copies of Asset and Income reports for GSEs (no issue); /asset_report/audit_copy/* is served"},
	{"/credit/relay/", "Not planned yet: relaying an Asset Report to a partner client (no issue)"},
	{"/credit/", "Not planned yet: Freddie Mac's report formats for Assets (no issue)"},
	{"/cra/", "Consumer Report: planned (issue #29)"},
	{"/consumer_report/", "Consumer Report: planned (issue #29)"},
	{"/sandbox/cra/", "Consumer Report: planned (issue #29)"},
	{"/cashflow_report/", "Not planned: hidden from Plaid's docs, with no Sandbox behaviour documented"},
	{"/identity_verification/", "Identity Verification: planned (issue #30)"},
	{"/watchlist_screening/", "Monitor: planned (issue #30)"},
	{"/dashboard_user/", "Dashboard users (who reviewed an IDV or Monitor case): planned with issue #30"},
	{"/payment_initiation/", "Payment Initiation: planned (issue #31)"},
	{"/wallet/", "Virtual accounts (Payment Initiation): planned (issue #31)"},
	{"/sandbox/payment/", "Payment Initiation: planned (issue #31)"},
	{"/link/oauth/correlation_id/exchange", "Payment Initiation's OAuth: planned (issue #31)"},
	{"/identity/match/list", "Not planned yet: newer than the spec, no Sandbox behaviour documented"},
	{"/beacon/", "Not planned: Beacon is a fraud network with no Sandbox behaviour to emulate"},
	{"/protect/", "Not planned: Protect is in beta with no documented Sandbox behaviour"},
	{"/beta/", "Not planned while in beta"},
	{"/business_verification/", "Not planned: in beta"},
	{"/partner/", "Not planned: the reseller partner API is for Plaid's resellers, not for apps"},
	{"/oauth/", "Not planned: Plaid's own OAuth is for data partners, not for apps"},
	{"/fdx/", "Not planned: FDX is for data providers, not for apps"},
	{"/sandbox/fdx/", "Not planned: FDX is for data providers, not for apps"},
	{"/issues/", "Not planned: about Plaid's service status, not the Sandbox"},
	{"/network/status/get", "Not planned: Plaid Network's status has no Sandbox behaviour"},
	{"/profile/network_status/get", "Not planned: Plaid Network's status has no Sandbox behaviour"},
	{"/link_delivery/", "Not planned: Hosted Link's delivery sends SMS and e-mail; the emulator sends none"},
	{"/session/token/create", "Not planned: Layer"},
	{"/user_account/", "Not planned: Layer"},
	{"/application/get", "Not planned: the Sandbox has no data partners' applications to describe"},
	{"/consent/events/get", "Not planned: consent events come from Plaid Portal, which the Sandbox lacks"},
}

// whyLeftOut is the reason path is not served ("" when no rule names it).
func whyLeftOut(path string) string {
	for _, r := range leftOut {
		if path == r.prefix || (strings.HasSuffix(r.prefix, "/") && strings.HasPrefix(path, r.prefix)) {
			return r.why
		}
	}
	return ""
}

// CoverageRow is one path of the table.
type CoverageRow struct {
	Path string `json:"path"`
	// Source is "spec" (the OpenAPI spec the emulator follows) or
	// "plaid-node 47" (newer paths, in its typings only).
	Source string  `json:"source"`
	Served bool    `json:"served"`
	Why    *string `json:"why"` // null when served
}

// CoverageCounts sum the table up.
type CoverageCounts struct {
	Paths   int `json:"paths"`
	Served  int `json:"served"`
	LeftOut int `json:"left_out"`
	// ServedSpec and ServedNewer split Served by source.
	ServedSpec  int `json:"served_spec"`
	ServedNewer int `json:"served_newer"`
}

// Coverage is the table for the emulator serving served.
type Coverage struct {
	SpecVersion string         `json:"spec_version"`
	NewerClient string         `json:"newer_client"`
	Counts      CoverageCounts `json:"counts"`
	Paths       []CoverageRow  `json:"paths"`
}

// CoverageOf builds the table: every path of the spec and plaid-node 47,
// sorted, served when served names it.
func CoverageOf(served []string) Coverage {
	out := Coverage{SpecVersion: wire.SpecVersion, NewerClient: "plaid-node 47.0.0 (spec 1.740.1)", Paths: []CoverageRow{}}
	add := func(paths []string, source string) {
		for _, p := range paths {
			row := CoverageRow{Path: p, Source: source, Served: slices.Contains(served, p)}
			if row.Served {
				out.Counts.Served++
				if source == "spec" {
					out.Counts.ServedSpec++
				} else {
					out.Counts.ServedNewer++
				}
			} else {
				why := whyLeftOut(p)
				if why == "" {
					why = "Not served yet"
				}
				row.Why = &why
				out.Counts.LeftOut++
			}
			out.Paths = append(out.Paths, row)
		}
	}
	add(wire.SpecPaths, "spec")
	add(wire.NewerPaths, "plaid-node 47")
	slices.SortFunc(out.Paths, func(a, b CoverageRow) int { return strings.Compare(a.Path, b.Path) })
	out.Counts.Paths = len(out.Paths)
	return out
}

// handleCoverage serves GET /_emulator/coverage.
func (a *API) handleCoverage(w http.ResponseWriter, r *http.Request) {
	wire.WriteJSON(w, http.StatusOK, CoverageOf(a.d.PlaidPaths()))
}

// Markdown is docs/coverage.md.
func (c Coverage) Markdown() string {
	var b strings.Builder
	b.WriteString("# What the emulator covers\n\n")
	b.WriteString("<!-- Generated from GET /_emulator/coverage by TestCoverage (UPDATE_COVERAGE=1 go test -run TestCoverage ./emulator/); do not edit. -->\n\n")
	fmt.Fprintf(&b, "Every POST path of Plaid's OpenAPI spec (%s) and the newer ones %s calls: **%d of %d served** "+
		"(%d of the spec's, %d newer), %d left out, each with why. A running emulator answers the same table, as JSON, at "+
		"`GET /_emulator/coverage`.\n\n", c.SpecVersion, c.NewerClient, c.Counts.Served, c.Counts.Paths, c.Counts.ServedSpec, c.Counts.ServedNewer, c.Counts.LeftOut)
	b.WriteString("| Path | Source | Served | Why not |\n|---|---|---|---|\n")
	for _, r := range c.Paths {
		served, why := "yes", ""
		if !r.Served {
			served, why = "no", *r.Why
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.Path, r.Source, served, why)
	}
	return b.String()
}
