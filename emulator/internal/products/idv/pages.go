package idv

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The admin side, for what Plaid's Dashboard does and for tests: read a
// session (GET /_emulator/idv/{id}); complete its steps headlessly with
// the person's answers; cancel or expire it; override a step (approve or
// reject it by hand). Each change sends the webhooks Plaid would.

// Pages are the admin routes.
func (a *API) Pages() []product.Page {
	op := func(e product.Endpoint) product.Page {
		e.NoAuth = true
		return product.Page{Method: http.MethodPost, Path: e.Path, Op: &e}
	}
	return []product.Page{
		{Method: http.MethodGet, Path: "/_emulator/idv", Serve: a.serveList},
		{Method: http.MethodGet, Path: "/_emulator/idv/", Serve: a.serveSession},
		op(product.Op("/_emulator/idv/complete", a.handleComplete)),
		op(product.Op("/_emulator/idv/cancel", a.handleCancel)),
		op(product.Op("/_emulator/idv/expire", a.handleExpire)),
		op(product.Op("/_emulator/idv/override", a.handleOverride)),
	}
}

// serveSession serves GET /_emulator/idv/{id}: the session as the API shows it.
func (a *API) serveSession(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/idv/")
	v := a.viewOf(id)
	if v == nil {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no identity verification " + wire.Clip(id, 60)})
		return
	}
	wire.WriteJSON(w, http.StatusOK, v)
}

// viewOf is a session's view by id, whoever's it is (nil: none).
func (a *API) viewOf(id string) map[string]any {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s := a.st.Sessions.ByID[id]; s != nil {
		return s.view()
	}
	return nil
}

type completeRequest struct {
	ID string `json:"identity_verification_id" plaid:"required"`
	Input
}

// change runs fn on a session by id, whoever's it is, under the lock,
// and sends the webhooks of what changed.
func (a *API) change(c *product.Call, id string, fn func(s *Session) ([]string, *wire.Error)) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st.Sessions.ByID[id]
	if s == nil {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("identity verification %q not found", wire.Clip(id, 60))
	}
	before := s.Status
	changed, err := fn(s)
	if err != nil {
		return nil, err
	}
	c.Emit(a.webhooks(c, s, changed, before)...)
	a.door.StateChanged(a.Name())
	return answer(s.view()), nil
}

// handleComplete serves POST /_emulator/idv/complete: the answers a person
// gives in Link, at once (consent, phone_number, sms_codes, user,
// documents: how many uploads).
func (a *API) handleComplete(c *product.Call, req *completeRequest) (any, *wire.Error) {
	return a.change(c, req.ID, func(s *Session) ([]string, *wire.Error) {
		if s.Status != "active" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("identity verification %s is %s, not active: retry it", s.ID, s.Status)
		}
		return a.advance(c, s, req.Input), nil
	})
}

type endRequest struct {
	ID string `json:"identity_verification_id" plaid:"required"`
}

// end ends an active session with status (canceled, expired): its open steps too.
func (a *API) end(c *product.Call, id, status string) (any, *wire.Error) {
	return a.change(c, id, func(s *Session) ([]string, *wire.Error) {
		if s.Status != "active" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("identity verification %s is %s: only an active one can be %s", s.ID, s.Status, status)
		}
		for st, v := range s.Steps {
			if v == "active" || v == "waiting_for_prerequisite" {
				s.Steps[st] = status
			}
		}
		s.Status, s.Completed = status, c.Now
		return nil, nil
	})
}

func (a *API) handleCancel(c *product.Call, req *endRequest) (any, *wire.Error) {
	return a.end(c, req.ID, "canceled")
}
func (a *API) handleExpire(c *product.Call, req *endRequest) (any, *wire.Error) {
	return a.end(c, req.ID, "expired")
}

type overrideRequest struct {
	ID     string `json:"identity_verification_id" plaid:"required"`
	Step   string `json:"step" plaid:"required"`
	Status string `json:"status" plaid:"required"`
}

// handleOverride serves POST /_emulator/idv/override: a reviewer approves
// (manually_approved) or rejects (manually_rejected) a failed step or one
// awaiting review, and the session is decided again.
func (a *API) handleOverride(c *product.Call, req *overrideRequest) (any, *wire.Error) {
	if !slices.Contains(steps, req.Step) || req.Status != "manually_approved" && req.Status != "manually_rejected" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("step must be one of %s, and status manually_approved or manually_rejected", strings.Join(steps, ", "))
	}
	return a.change(c, req.ID, func(s *Session) ([]string, *wire.Error) {
		if cur := s.Steps[req.Step]; cur != "failed" && cur != "pending_review" && cur != "manually_rejected" && cur != "manually_approved" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("step %s is %s: only a failed step or one awaiting review can be overridden", req.Step, cur)
		}
		s.Steps[req.Step] = req.Status
		if s.Status == "failed" || s.Status == "pending_review" || s.Status == "success" {
			s.Status = "active"
		}
		changed := append([]string{req.Step}, a.advance(c, s, Input{})...)
		return changed, nil
	})
}

// serveList serves GET /_emulator/idv?client_id=&client_user_id=&offset=&count=:
// sessions, newest first, with their status and steps (the dashboard's view).
func (a *API) serveList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, err := wire.QueryInt(q, "offset", 0, 0, 1<<30)
	count := 50
	if err == nil {
		count, err = wire.QueryInt(q, "count", 50, 1, 500)
	}
	if err != nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	client, cuid := q.Get("client_id"), q.Get("client_user_id")
	page, total := a.page(client, cuid, offset, count)
	wire.WriteJSON(w, http.StatusOK, map[string]any{"identity_verifications": page, "total": total})
}

// page is a page of the sessions that match, newest first, and how many match.
func (a *API) page(client, cuid string, offset, count int) ([]any, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out, total := []any{}, 0
	for s := range a.st.Sessions.Newest() {
		if client != "" && s.ClientID != client || cuid != "" && s.ClientUserID != cuid {
			continue
		}
		if total >= offset && len(out) < count {
			v := s.view()
			v["client_id"] = s.ClientID
			out = append(out, v)
		}
		total++
	}
	return out, total
}

// Triggers make Identity Verification's webhooks for a session (the CLI's
// and dashboard's, by the session's id): complete it as Leslie Knope
// would (STEP_UPDATED for each step, then STATUS_UPDATED), or cancel it.
func (a *API) Triggers() []product.Trigger {
	var leslie map[string]any
	_ = json.Unmarshal([]byte(leslieAnswers), &leslie)
	return []product.Trigger{
		{Name: "idv.complete", WebhookType: "IDENTITY_VERIFICATION", WebhookCode: "STATUS_UPDATED", Subject: "identity_verification",
			IDField: "identity_verification_id", Path: "/_emulator/idv/complete", Body: leslie,
			Description: "an active session's steps answered as Leslie Knope would: STEP_UPDATED for each, then STATUS_UPDATED"},
		{Name: "idv.cancel", WebhookType: "IDENTITY_VERIFICATION", WebhookCode: "STATUS_UPDATED", Subject: "identity_verification",
			IDField: "identity_verification_id", Path: "/_emulator/idv/cancel", Description: "an active session canceled, as from Plaid's Dashboard"},
	}
}

// leslieAnswers pass every step as Leslie Knope.
const leslieAnswers = `{"consent": true, "phone_number": "+12345678909", "sms_codes": ["11111"], "documents": 1,
	"user": {"given_name": "Leslie", "family_name": "Knope", "date_of_birth": "1975-01-18",
		"address": {"street": "123 Main St.", "city": "Pawnee", "region": "IN", "postal_code": "46001", "country": "US"},
		"id_number": {"value": "123456789", "type": "us_ssn"}}}`
