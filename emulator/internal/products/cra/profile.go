package cra

import (
	"fmt"
	"math"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The credit profile ("Qualify") and the older consumer report PDF. A
// credit profile is made when asked, from all the user's Items over a
// year, with no report of its own: its LendScore, cash flow and network
// figures are the ones a check report of the same Items would give.

// profileDays is the window of a credit profile.
const profileDays = 365

// cashflowAttributes are a report's cash flow figures, by attribute name.
func (a *API) cashflowAttributes(r Report) map[string]any {
	f := a.cashFlow(r)
	months := math.Max(float64(r.Days)/30.4, 1)
	return scripted(r, func(rule *fixtures.CheckReportRule) map[string]any { return rule.CashflowAttributes }, map[string]any{"total_inflow_amount": round2(f.in), "total_outflow_amount": round2(f.out), "total_inflow_amount_90d": round2(f.in90),
		"total_outflow_amount_90d": round2(f.out90), "nsf_overdraft_transactions_count": f.nsf, "nsf_overdraft_transactions_count_90d": f.nsf90,
		"average_monthly_net_cash_flow": round2((f.in - f.out) / months)})
}

// scripted is attrs with those r's script gives added over them.
func scripted(r Report, pick func(*fixtures.CheckReportRule) map[string]any, attrs map[string]any) map[string]any {
	if r.Rule != nil {
		for k, v := range pick(r.Rule) {
			attrs[k] = v
		}
	}
	return attrs
}

// networkAttributes are what the Plaid network counts of a user: Items
// and the loans lenders registered.
func (a *API) networkAttributes(r Report, userID string) map[string]any {
	return scripted(r, func(rule *fixtures.CheckReportRule) map[string]any { return rule.NetworkAttributes },
		map[string]any{"plaid_conn_user_lifetime_lending_count": a.lending(userID), "plaid_conn_user_item_count": len(r.ItemIDs)})
}

// metadata counts a report's Items, accounts and transaction dates, as
// the credit profile and /cra/report/get give them.
func (a *API) metadata(r Report) map[string]any {
	base, _ := a.baseReport(r, nil)
	institutions := []string{}
	var accounts, primary, depository, credit, other, joint int
	oldest, newest := any(nil), any(nil)
	for _, x := range base["items"].([]any) {
		it := x.(map[string]any)
		if id, _ := it["institution_id"].(string); id != "" && !slices.Contains(institutions, id) {
			institutions = append(institutions, id)
		}
		for _, y := range it["accounts"].([]any) {
			acct := y.(map[string]any)
			accounts++
			switch acct["type"] {
			case "depository":
				depository++
				if st, _ := acct["subtype"].(*string); st != nil && *st == "checking" {
					primary++
				}
			case "credit":
				credit++
			default:
				other++
			}
			if acct["ownership_type"] == "joint" {
				joint++
			}
			for _, t := range acct["transactions"].([]baseTxn) {
				if o, _ := oldest.(string); o == "" || t.Date < o {
					oldest = t.Date
				}
				if n, _ := newest.(string); n == "" || t.Date > n {
					newest = t.Date
				}
			}
		}
	}
	return map[string]any{"item_count": len(r.ItemIDs), "institution_ids": institutions, "account_count": accounts, "primary_account_count": primary,
		"depository_account_type_count": depository, "credit_account_type_count": credit, "other_account_type_count": other,
		"multiple_owner_account_count": joint, "oldest_transaction_date": oldest, "most_recent_transaction_date": newest}
}

type creditProfileRequest struct {
	product.Credentials
	UserID         string `json:"user_id"`
	Purpose        string `json:"consumer_report_permissible_purpose"`
	ClientReportID string `json:"client_report_id"`
	ReportType     string `json:"report_type"`
	InquiryType    string `json:"inquiry_type"`
	Version        string `json:"version"`
}

// HandleCreditProfileGet serves POST /cra/credit_profile/report/get.
func (a *API) HandleCreditProfileGet(c *product.Call, req *creditProfileRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	pu, err := a.users.FindUser(c.ClientID, &req.UserID, nil)
	if err != nil {
		return nil, err
	}
	if len(pu.ItemIDs) == 0 {
		return nil, wire.New(wire.CodeDataUnavailable).WithMessage("the user has no Item to build a credit profile from")
	}
	r := Report{ID: ledger.HashID("profile\x00" + pu.ID + "\x00" + req.ClientReportID), Created: c.Now, Ready: c.Now, Days: profileDays,
		ItemIDs: pu.ItemIDs, ClientReportID: req.ClientReportID}
	r.Rule = a.rule(c, r.ItemIDs)
	score, reasons := a.score(r)
	md := a.metadata(r)
	md["generated_at"] = product.RFC3339(c.Now)
	return &creditProfileResponse{Report: map[string]any{"date_retrieved": product.RFC3339(c.Now), "inquiry_type": req.InquiryType,
		"client_report_id": req.ClientReportID, "metadata": md,
		"lend_scores":                  []any{map[string]any{"score": score, "reason_codes": reasons, "variant": "LS1", "error_reason": nil}},
		"cashflow_insights_attributes": a.cashflowAttributes(r), "network_insights_attributes": a.networkAttributes(r, pu.ID)},
		UserID: pu.ID, Warnings: []any{}}, nil
}

type creditProfileResponse struct {
	Report   map[string]any `json:"report"`
	UserID   string         `json:"user_id"`
	Warnings []any          `json:"warnings"`
	wire.Response
}

type consumerReportPDFRequest struct {
	product.Credentials
	UserToken string `json:"user_token"`
}

// HandleConsumerReportPDF serves POST /consumer_report/pdf/get, the older
// route: the legacy user's newest check report as a PDF, with its income
// streams.
func (a *API) HandleConsumerReportPDF(c *product.Call, req *consumerReportPDFRequest) (any, *wire.Error) {
	r, pu, err := a.newest(c, userRequest{Credentials: req.Credentials, UserToken: &req.UserToken})
	if err != nil {
		return nil, err
	}
	ins := a.incomeInsights(r, defaultFilter, nil)
	lines := []string{"Consumer Report " + r.ID, "User " + pu.ID, fmt.Sprintf("Generated %s, %d days, %d Items", product.RFC3339(r.Ready), r.Days, len(r.ItemIDs))}
	for _, x := range ins["income_streams"].([]any) {
		s := x.(map[string]any)
		lines = append(lines, fmt.Sprintf("Income: %s (%s)", s["description"], s["insights"].(map[string]any)["pay_frequency"]))
	}
	return &product.RawBody{ContentType: "application/pdf", Data: product.SimplePDF(lines),
		Headers: map[string]string{"Plaid-Request-ID": c.RequestID}}, nil
}
