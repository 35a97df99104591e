package link

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /credit/sessions/get: the Link sessions of a Plaid user's link tokens
// (those made with its user_id or user_token), newest first, with the
// Items each added and the errors it ended with.

type creditSessionsRequest struct {
	product.Credentials
	UserToken *string `json:"user_token"`
	UserID    *string `json:"user_id"` // plaid-node 47 accepts it too
}

type creditSession struct {
	LinkSessionID string         `json:"link_session_id"`
	Started       string         `json:"session_start_time"`
	Results       map[string]any `json:"results"`
	Errors        []any          `json:"errors"`
	at            time.Time
}

type creditSessionsResponse struct {
	Sessions []creditSession `json:"sessions"`
	wire.Response
}

// HandleCreditSessions serves POST /credit/sessions/get.
func (p *API) HandleCreditSessions(c *product.Call, req *creditSessionsRequest) (any, *wire.Error) {
	user, err := p.door.ResolveUser(c.ClientID, req.UserID, req.UserToken)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, lt := range p.tokens {
			if lt.ClientID == c.ClientID && lt.PlaidUser == user {
				raws = append(raws, lt.Sessions...)
			}
		}
	}()
	out := &creditSessionsResponse{Sessions: []creditSession{}}
	for _, raw := range raws {
		var s struct {
			ID        string `json:"link_session_id"`
			Started   string `json:"started_at"`
			OnSuccess *struct {
				PublicToken string `json:"public_token"`
				Metadata    struct {
					Institution *struct {
						ID string `json:"institution_id"`
					} `json:"institution"`
				} `json:"metadata"`
			} `json:"on_success"`
			Exit *struct {
				Error *wire.Error `json:"error"`
			} `json:"exit"`
			Results map[string]json.RawMessage `json:"results"` // Income's, for an income session
		}
		if json.Unmarshal(raw, &s) != nil {
			continue
		}
		started, _ := time.Parse(time.RFC3339Nano, s.Started)
		cs := creditSession{LinkSessionID: s.ID, Started: product.RFC3339(started), at: started, Errors: []any{},
			Results: map[string]any{"item_add_results": []any{}, "bank_income_results": []any{}, "bank_employment_results": []any{},
				"payroll_income_results": []any{}, "document_income_results": nil}}
		if ok := s.OnSuccess; ok != nil {
			add := map[string]any{"public_token": ok.PublicToken}
			if ok.Metadata.Institution != nil {
				add["institution_id"] = ok.Metadata.Institution.ID
			}
			cs.Results["item_add_results"] = []any{add}
		}
		creditResults(cs.Results, s.Results)
		if ex := s.Exit; ex != nil && ex.Error != nil {
			cs.Errors = append(cs.Errors, map[string]any{"error_type": ex.Error.ErrorType, "error_code": ex.Error.ErrorCode,
				"error_message": ex.Error.ErrorMessage, "display_message": ex.Error.DisplayMessage})
		}
		out.Sessions = append(out.Sessions, cs)
	}
	slices.SortFunc(out.Sessions, func(a, b creditSession) int { // ties (one instant) in a fixed order, whatever the map's
		return cmp.Or(b.at.Compare(a.at), strings.Compare(a.LinkSessionID, b.LinkSessionID))
	})
	return out, nil
}

// creditResults puts a Link session's income results in /credit/sessions/get's
// shape: the institution as institution_id (and, for payroll, its name).
func creditResults(out map[string]any, link map[string]json.RawMessage) {
	type inst struct {
		Name string `json:"name"`
		ID   string `json:"institution_id"`
	}
	var bank []struct {
		Status      string `json:"status"`
		ItemID      string `json:"item_id"`
		Institution *inst  `json:"institution"`
	}
	if json.Unmarshal(link["bank_income_results"], &bank) == nil && len(bank) > 0 {
		list := []any{}
		for _, b := range bank {
			r := map[string]any{"status": b.Status, "item_id": b.ItemID}
			if b.Institution != nil {
				r["institution_id"] = b.Institution.ID
			}
			list = append(list, r)
		}
		out["bank_income_results"] = list
	}
	var payroll []struct {
		Paystubs    int   `json:"num_paystubs_retrieved"`
		W2s         int   `json:"num_w2s_retrieved"`
		Institution *inst `json:"institution"`
	}
	if json.Unmarshal(link["payroll_income_results"], &payroll) == nil && len(payroll) > 0 {
		list := []any{}
		for _, p := range payroll {
			r := map[string]any{"num_paystubs_retrieved": p.Paystubs, "num_w2s_retrieved": p.W2s}
			if p.Institution != nil {
				r["institution_id"], r["institution_name"] = p.Institution.ID, p.Institution.Name
			}
			list = append(list, r)
		}
		out["payroll_income_results"] = list
	}
	if d := link["document_income_results"]; len(d) > 0 && string(d) != "null" {
		out["document_income_results"] = d
	}
}
