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
		for _, k := range []string{"bank_income_results", "payroll_income_results", "document_income_results"} {
			if v := s.Results[k]; len(v) > 0 {
				cs.Results[k] = v
			}
		}
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
