package cra

import (
	"math"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Partner Insights: Prism Data's models and UltraFICO, computed from the
// same cash flow as LendScore (so a persona that scores low there scores
// low here), and the activity figures FICO reports beside its score.

// activity is what partner models read of a report's transactions.
type activity struct {
	flow                         cashFlow
	oldest, newest               int32 // days ago of the oldest and newest posted transaction (-1: none)
	credits, debits              int
	credits30, debits30          int
	txnDays                      [4]int // days with a transaction over 1, 3, 6, 12 months
	accounts, checking, savings  int
	moneyMarket                  int
	balance                      float64
	avg1, avg3, avg6, avg12      float64
	negDays1, negDays3, negDays6 int
	negDays12                    int
}

func (a *API) activity(r Report) activity {
	base, _ := a.baseReport(r, nil)
	today := ledger.Day(r.Created)
	act := activity{flow: a.cashFlow(r), oldest: -1, newest: -1}
	days := map[int32]bool{}
	var avg [4]float64
	var neg [4]int
	for _, x := range base["items"].([]any) {
		for _, y := range x.(map[string]any)["accounts"].([]any) {
			acct := y.(map[string]any)
			act.accounts++
			if st, _ := acct["subtype"].(*string); st != nil {
				switch *st {
				case "checking":
					act.checking++
				case "savings":
					act.savings++
				case "money market":
					act.moneyMarket++
				}
			}
			txns := acct["transactions"].([]baseTxn)
			for _, t := range txns {
				if t.Pending {
					continue
				}
				ago := today - t.day
				act.oldest, days[t.day] = max(act.oldest, ago), true
				if act.newest < 0 || ago < act.newest {
					act.newest = ago
				}
				if t.Amount < 0 {
					act.credits++
				} else {
					act.debits++
				}
				if ago < 30 {
					if t.Amount < 0 {
						act.credits30++
					} else {
						act.debits30++
					}
				}
			}
			cur := currentOf(acct["balances"].(map[string]any)["current"])
			act.balance += cur
			hist := dailyBalances(cur, txns, today, 365)
			for i, n := range []int{30, 90, 180, 365} {
				sum := 0.0
				for _, b := range hist[:n] {
					sum += b
					if b < 0 {
						neg[i]++
					}
				}
				avg[i] += sum / float64(n)
			}
		}
	}
	for d := range days {
		for i, n := range []int32{30, 90, 180, 365} {
			if today-d < n {
				act.txnDays[i]++
			}
		}
	}
	act.avg1, act.avg3, act.avg6, act.avg12 = round2(avg[0]), round2(avg[1]), round2(avg[2]), round2(avg[3])
	act.negDays1, act.negDays3, act.negDays6, act.negDays12 = neg[0], neg[1], neg[2], neg[3]
	return act
}

// metadata is Prism's PrismCashScoreMetadata.
func (act activity) metadata() map[string]any {
	age := func(v int32) any {
		if v < 0 {
			return nil
		}
		return v
	}
	return map[string]any{"max_age": age(act.oldest), "min_age": age(act.newest), "min_age_credit": age(act.newest), "min_age_debit": age(act.newest),
		"max_age_debit": age(act.oldest), "max_age_credit": age(act.oldest), "num_trxn_credit": act.credits, "num_trxn_debit": act.debits,
		"l1m_credit_value_cnt": act.credits30, "l1m_debit_value_cnt": act.debits30}
}

type partnerRequest struct {
	userRequest
	ThirdPartyUserToken *string `json:"third_party_user_token"`
	UserTier            *string `json:"user_tier"`
	PartnerInsights     *struct {
		PrismVersions *prismVersions `json:"prism_versions"`
		Fico          *ficoInput     `json:"fico"`
	} `json:"partner_insights"`
	Options *struct {
		PrismVersions *prismVersions `json:"prism_versions"`
	} `json:"options"`
}

// prismVersions names the Prism models wanted (a null or absent one is not).
type prismVersions struct {
	FirstDetect *string `json:"firstdetect"`
	Detect      *string `json:"detect"`
	CashScore   *string `json:"cashscore"`
	Extend      *string `json:"extend"`
	Insights    *string `json:"insights"`
}

type ficoInput struct {
	LenderID      string `json:"fico_lender_id"`
	ApplicationID string `json:"lender_application_id"`
	Requests      []struct {
		Version       string  `json:"ultrafico_score_version"`
		RequestID     *string `json:"fico_scoring_request_id"`
		CorrelationID *string `json:"request_correlation_id"`
		Base          struct {
			Bureau      string   `json:"bureau"`
			Score       int      `json:"score"`
			Version     string   `json:"base_fico_score_version"`
			ReasonCodes []string `json:"reason_codes"`
			Reason1     *string  `json:"reason_code_1"`
			Reason2     *string  `json:"reason_code_2"`
			Reason3     *string  `json:"reason_code_3"`
			Reason4     *string  `json:"reason_code_4"`
			Inquiries   *bool    `json:"did_inquiries_adversely_affect_score"`
		} `json:"base_fico_score"`
	} `json:"ultrafico_score_requests"`
}

// HandlePartnerInsightsGet serves POST /cra/check_report/partner_insights/get.
func (a *API) HandlePartnerInsightsGet(c *product.Call, req *partnerRequest) (any, *wire.Error) {
	r, _, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	if err := r.failedProduct("cra_partner_insights"); err != nil {
		return nil, err
	}
	var versions *prismVersions
	var fico *ficoInput
	if p := req.PartnerInsights; p != nil {
		versions, fico = p.PrismVersions, p.Fico
	} else if o := req.Options; o != nil {
		versions = o.PrismVersions
	}
	return &reportResponse{Report: a.partnerInsights(r, versions, fico), Warnings: []any{}}, nil
}

type legacyPartnerRequest struct {
	product.Credentials
	UserToken string  `json:"user_token" plaid:"required"`
	UserTier  *string `json:"user_tier"`
}

type legacyPartnerResponse struct {
	Report []any `json:"report"`
	wire.Response
}

// HandleLegacyPartnerInsightsGet serves POST /cra/partner_insights/get, the
// older route: the newest report's Prism results in a list.
func (a *API) HandleLegacyPartnerInsightsGet(c *product.Call, req *legacyPartnerRequest) (any, *wire.Error) {
	r, _, err := a.newest(c, userRequest{Credentials: req.Credentials, UserToken: &req.UserToken})
	if err != nil {
		return nil, err
	}
	return &legacyPartnerResponse{Report: []any{a.partnerInsights(r, nil, nil)}}, nil
}

// partnerInsights renders Prism's models (those versions names, or all)
// and, when asked, UltraFICO scores: each base score moved by the
// report's cash flow, up to 40 points either way.
func (a *API) partnerInsights(r Report, versions *prismVersions, fico *ficoInput) map[string]any {
	act := a.activity(r)
	ls, reasons := a.score(r)
	want := func(model string) bool {
		if versions == nil {
			return true
		}
		return map[string]*string{"cashscore": versions.CashScore, "extend": versions.Extend, "firstdetect": versions.FirstDetect,
			"detect": versions.Detect, "insights": versions.Insights}[model] != nil
	}
	md := act.metadata()
	prism := map[string]any{"status": "SUCCESS"}
	if want("cashscore") {
		prism["cash_score"] = map[string]any{"version": 4, "model_version": "4.1", "score": 300 + ls*5, "reason_codes": reasons, "metadata": md}
	}
	if want("extend") {
		prism["extend"] = map[string]any{"model_version": "4.1", "score": 300 + ls*5, "reason_codes": reasons, "metadata": md}
	}
	if want("firstdetect") {
		prism["first_detect"] = map[string]any{"version": 3, "model_version": "3", "score": 100 - ls, "reason_codes": reasons, "metadata": md}
	}
	if want("detect") {
		prism["detect"] = map[string]any{"model_version": "4.1", "score": 100 - ls, "reason_codes": reasons, "metadata": md}
	}
	if want("insights") {
		prism["insights"] = map[string]any{"version": 4, "model_version": "4.1", "result": map[string]any{
			"total_inflow_amount": round2(act.flow.in), "total_outflow_amount": round2(act.flow.out), "nsf_count": float64(act.flow.nsf),
			"avg_daily_balance_3m": act.avg3}}
	}
	rep := map[string]any{"report_id": r.ID, "generated_time": product.RFC3339(r.Ready), "prism": prism, "items": a.partnerItems(r)}
	if r.ClientReportID != "" {
		rep["client_report_id"] = r.ClientReportID
	}
	if fico != nil {
		results := []any{}
		for _, q := range fico.Requests {
			score := max(300, min(850, q.Base.Score+int(math.Round(float64(ls-50)*0.8))))
			res := map[string]any{"ultrafico_score": map[string]any{"ultrafico_score_version": "1.0", "score": score,
				"negative_reason_codes": reasons, "positive_reason_codes": positive(act)}}
			if q.RequestID != nil {
				res["fico_scoring_request_id"] = *q.RequestID
			}
			if q.CorrelationID != nil {
				res["request_correlation_id"] = *q.CorrelationID
			}
			results = append(results, res)
		}
		rep["fico"] = map[string]any{"lender_application_id": fico.ApplicationID, "ultrafico_score_results": results,
			"report_characteristics": map[string]any{"num_accounts": act.accounts, "avg_daily_balance_over_1_month": act.avg1,
				"avg_daily_balance_over_3_months": act.avg3, "avg_daily_balance_over_6_months": act.avg6, "avg_daily_balance_over_12_months": act.avg12,
				"days_since_earliest_tx": max(act.oldest, 0), "days_since_most_recent_tx": max(act.newest, 0),
				"tot_number_days_with_negative_balance_over_1_month": act.negDays1, "tot_number_days_with_negative_balance_over_3_months": act.negDays3,
				"tot_number_days_with_negative_balance_over_6_months": act.negDays6, "tot_number_days_with_negative_balance_over_12_months": act.negDays12,
				"days_with_tx_over_1_month": act.txnDays[0], "days_with_tx_over_3_months": act.txnDays[1], "days_with_tx_over_6_months": act.txnDays[2],
				"days_with_tx_over_12_months": act.txnDays[3], "tot_current_balances": round2(act.balance), "num_checking_accounts": act.checking,
				"num_savings_accounts": act.savings, "num_money_market_accounts": act.moneyMarket}}
	}
	return rep
}

// positive are UltraFICO's positive reason codes for a report's activity.
func positive(act activity) []string {
	out := []string{}
	if act.flow.in > act.flow.out {
		out = append(out, "U01") // inflows exceed outflows
	}
	if act.negDays3 == 0 {
		out = append(out, "U02") // no negative balance in 3 months
	}
	if act.avg3 >= 1000 {
		out = append(out, "U03") // average balance of 1,000 or more
	}
	return out
}

// partnerItems are the report's Items with their depository accounts.
func (a *API) partnerItems(r Report) []any {
	items := []any{}
	for _, id := range r.ItemIDs {
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		accounts := []any{}
		for _, acct := range it.Accounts {
			if acct.Type == "depository" {
				accounts = append(accounts, map[string]any{"account_id": acct.ID, "mask": acct.Mask, "name": acct.Name, "official_name": acct.OfficialName,
					"type": acct.Type, "subtype": acct.Subtype, "owners": product.NonNil(acct.Owners),
					"metadata": map[string]any{"start_date": ledger.DayString(ledger.Day(r.Created) - int32(r.Days)), "end_date": ledger.DayString(ledger.Day(r.Created))}})
			}
		}
		items = append(items, map[string]any{"item_id": it.ID, "institution_id": it.InstitutionID, "institution_name": it.InstitutionName, "accounts": accounts})
	}
	return items
}
