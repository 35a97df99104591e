package income

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Document Income: the files a user uploads in Link are not read, as in
// Sandbox; a file that is a JSON customization (Plaid's Sandbox format:
// the document's kind, its OCR and risk-signal outcomes, its signals)
// scripts what processing makes of it. Anything else is a pay stub that
// reads as the payroll rule's newest one.

// maxDocuments bounds the documents kept per Link session.
const maxDocuments = 20

// Document is one uploaded file.
type Document struct {
	ID   string
	Name string
	// Type is PAYSTUB, US_TAX_W2 or BANK_STATEMENT.
	Type string
	// OCR and Risk are the processing outcomes: SUCCESS, or
	// ERROR_PROCESSING (Risk also PASSWORD_PROTECTED, VIRUS_DETECTED).
	OCR, Risk string `json:",omitempty"`
	// Score is the risk score (0 to 100) and Signals the signals, raw.
	Score   float64         `json:",omitempty"`
	Signals json.RawMessage `json:",omitempty"`
}

// upload is a file as headless Link gives it: its name and content, a JSON
// customization when it is one.
type upload struct {
	Name    string          `json:"name"`
	Content json.RawMessage `json:"content"`
}

type customization struct {
	Paystub       json.RawMessage `json:"paystub"`
	W2            json.RawMessage `json:"w2"`
	BankStatement json.RawMessage `json:"bank_statement"`
	OCRStatus     string          `json:"ocr_status"`
	RiskStatus    string          `json:"risk_signals_status"`
	Signals       json.RawMessage `json:"single_document_risk_signals"`
	RiskScore     *float64        `json:"risk_score"`
}

// documentsOf reads a session's uploads (raw JSON list of upload).
func documentsOf(itemID string, raw json.RawMessage) ([]Document, *wire.Error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var ups []upload
	if err := json.Unmarshal(raw, &ups); err != nil || len(ups) > maxDocuments {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("documents must be a list of at most %d {name, content} files", maxDocuments)
	}
	var out []Document
	for i, u := range ups {
		d := Document{ID: ledger.HashID(fmt.Sprintf("%s\x00doc\x00%d", itemID, i)), Name: u.Name, Type: "PAYSTUB", OCR: "SUCCESS", Risk: "SUCCESS"}
		if d.Name == "" {
			d.Name = fmt.Sprintf("document_%d.pdf", i+1)
		}
		var cz customization
		if json.Unmarshal(u.Content, &cz) == nil {
			switch {
			case len(cz.W2) > 0:
				d.Type = "US_TAX_W2"
			case len(cz.BankStatement) > 0:
				d.Type = "BANK_STATEMENT"
			}
			d.OCR, d.Risk = cmpOr(cz.OCRStatus, "SUCCESS"), cmpOr(cz.RiskStatus, "SUCCESS")
			d.Signals = cz.Signals
			if cz.RiskScore != nil {
				d.Score = min(max(*cz.RiskScore, 0), 100)
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// documentIncome fills a document flow's pay stubs and W-2s (one canned
// pay stub when nothing was uploaded).
func (a *API) documentIncome(c *product.Call, it product.Item, r fixtures.PayrollRule, acct int, p Payroll, income map[string]any) {
	docs := p.Documents
	if len(docs) == 0 {
		docs = []Document{{ID: ledger.HashID(it.ID + "\x00doc\x000"), Name: "paystub.pdf", Type: "PAYSTUB", OCR: "SUCCESS"}}
	}
	periods := payPeriods(r.PayFrequency, it.CreatedAt, len(docs))
	for i, d := range docs {
		var doc map[string]any
		switch d.Type {
		case "PAYSTUB":
			doc = payStub(it, r, acct, periods[min(i, len(periods)-1)], nil)
		case "US_TAX_W2":
			doc = w2(it, r, acct, r.W2Years[0], nil)
		default:
			continue
		}
		md := doc["document_metadata"].(map[string]any)
		doc["document_id"], md["name"] = d.ID, d.Name
		if d.OCR != "SUCCESS" {
			md["status"], md["error_message"] = "DOCUMENT_ERROR", "the document could not be read"
		}
		md["download_url"] = a.downloadURL(c, c.ClientID, doc)
		key := map[string]string{"PAYSTUB": "pay_stubs", "US_TAX_W2": "w2s"}[d.Type]
		income[key] = append(income[key].([]any), doc)
	}
}

// riskSignals are a payroll Item's verification_risk_signals: one entry
// with each uploaded document's signals (none for a provider login).
func (a *API) riskSignals(p Payroll) []any {
	if p.Flow != flowDocument {
		return []any{}
	}
	single := []any{}
	for _, d := range p.Documents {
		status := map[string]string{"SUCCESS": "PROCESSING_COMPLETE", "ERROR_PROCESSING": "PROCESSING_ERROR"}[d.Risk]
		if status == "" {
			status = d.Risk // PASSWORD_PROTECTED, VIRUS_DETECTED
		}
		var signals []map[string]any
		if json.Unmarshal(d.Signals, &signals) != nil || signals == nil {
			signals = []map[string]any{}
		}
		for _, s := range signals { // every key the spec requires, null when the file left it out
			for _, k := range []string{"type", "field", "has_fraud_risk", "institution_metadata", "expected_value", "actual_value", "signal_description", "page_number"} {
				if _, ok := s[k]; !ok {
					s[k] = nil
				}
			}
		}
		docType := map[string]string{"PAYSTUB": "PAYSLIP", "US_TAX_W2": "TAX_FORM", "BANK_STATEMENT": "BANK_STATEMENT"}[d.Type]
		single = append(single, map[string]any{
			"document_reference": map[string]any{"document_id": d.ID, "document_name": d.Name, "status": status, "document_type": docType, "file_type": "TRUE_PDF"},
			"risk_signals":       signals, "risk_summary": map[string]any{"risk_score": d.Score}})
	}
	return []any{map[string]any{"account_id": nil, "single_document_risk_signals": single, "multi_document_risk_signals": []any{}}}
}

// HandleBankStatementsGet serves POST /credit/bank_statements/uploads/get:
// the bank statements each document Item had uploaded.
func (a *API) HandleBankStatementsGet(c *product.Call, req *payrollGetRequest) (any, *wire.Error) {
	ps, _, err := a.payrolls(c, req.userRequest, req.itemIDs())
	if err != nil {
		return nil, err
	}
	out := &itemsResponse{Items: []map[string]any{}}
	for _, p := range ps {
		if p.Flow != flowDocument {
			continue
		}
		if err := ready(p, c.Now); err != nil {
			return nil, err
		}
		it, _ := a.door.ItemByID(p.ItemID)
		stmts := []any{}
		for _, d := range p.Documents {
			if d.Type == "BANK_STATEMENT" {
				stmts = append(stmts, a.statement(c, it, d))
			}
		}
		out.Items = append(out.Items, map[string]any{"item_id": p.ItemID, "bank_statements": stmts,
			"status": map[string]any{"processing_status": "PROCESSING_COMPLETE"}, "updated_at": product.RFC3339(p.Ready)})
	}
	return out, nil
}

// statement is an uploaded bank statement as parsed: last month's, one
// checking account, the pay deposits of the payroll rule.
func (a *API) statement(c *product.Call, it product.Item, d Document) map[string]any {
	r, acct := ruleOf(it)
	made := it.CreatedAt.UTC()
	first := time.Date(made.Year(), made.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	last := first.AddDate(0, 1, -1)
	emp := employee(it, acct)
	txns := []any{}
	var in float64
	for _, pp := range payPeriods(r.PayFrequency, last, 3) {
		if pp.paid.Before(first) {
			continue
		}
		var ded float64
		for _, x := range r.Deductions {
			ded += x.Amount
		}
		in += r.Gross - ded
		txns = append(txns, map[string]any{"amount": -round2(r.Gross - ded), "date": pp.paid.Format(time.DateOnly),
			"original_description": strings.ToUpper(r.Employer) + " PAYROLL", "account_id": nil})
	}
	doc := map[string]any{"document_id": d.ID, "document_metadata": docMetadata(d.Name, "BANK_STATEMENT", nil), "transactions": txns,
		"bank_accounts": []any{map[string]any{"name": "Checking", "bank_name": "First Platypus Bank", "account_type": "checking",
			"account_number": "XXXXXXXX0000", "account_id": nil, "owner": map[string]any{"name": emp["name"], "address": emp["address"]},
			"periods": []any{map[string]any{"start_date": first.Format(time.DateOnly), "end_date": last.Format(time.DateOnly),
				"starting_balance": 1200.00, "ending_balance": round2(1200 + in)}}}}}
	doc["document_metadata"].(map[string]any)["download_url"] = a.downloadURL(c, c.ClientID, doc)
	return doc
}
