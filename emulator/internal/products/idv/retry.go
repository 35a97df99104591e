package idv

import (
	"slices"
	"strconv"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// listPage is how many sessions a list page holds.
const listPage = 20

type listRequest struct {
	product.Credentials
	TemplateID   string  `json:"template_id"`
	ClientUserID *string `json:"client_user_id"`
	UserID       *string `json:"user_id"`
	Cursor       *string `json:"cursor"`
}

type listResponse struct {
	IdentityVerifications []any   `json:"identity_verifications"`
	NextCursor            *string `json:"next_cursor"`
	wire.Response
}

// HandleList serves POST /identity_verification/list: a user's attempts
// at a template, newest first, 20 a page.
func (a *API) HandleList(c *product.Call, req *listRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	cuid := product.Deref(req.ClientUserID, "")
	if req.UserID != nil {
		pu, err := a.users.FindUser(c.ClientID, req.UserID, nil)
		if err != nil {
			return nil, err
		}
		if cuid == "" {
			cuid = pu.ID
		}
	}
	if cuid == "" {
		return nil, wire.New(wire.CodeMissingFields, "client_user_id")
	}
	from := 0
	if cur := product.Deref(req.Cursor, ""); cur != "" {
		n, err := strconv.Atoi(cur)
		if err != nil || n < 0 {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("cursor is not one this list gave")
		}
		from = n
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var mine []*Session
	for s := range a.st.Sessions.Newest() {
		if s.ClientID == c.ClientID && s.ClientUserID == cuid && s.TemplateID == req.TemplateID {
			mine = append(mine, s)
		}
	}
	out := &listResponse{IdentityVerifications: []any{}}
	for i := from; i < len(mine) && i < from+listPage; i++ {
		out.IdentityVerifications = append(out.IdentityVerifications, mine[i].view())
	}
	if from+listPage < len(mine) {
		next := strconv.Itoa(from + listPage)
		out.NextCursor = &next
	}
	return out, nil
}

type retryRequest struct {
	product.Credentials
	ClientUserID string  `json:"client_user_id"`
	TemplateID   string  `json:"template_id"`
	Strategy     string  `json:"strategy"`
	User         *userIn `json:"user"`
	Steps        *struct {
		VerifySMS   bool  `json:"verify_sms"`
		KYCCheck    bool  `json:"kyc_check"`
		Documentary bool  `json:"documentary_verification"`
		SelfieCheck bool  `json:"selfie_check"`
		Liveness    *bool `json:"liveness"`
	} `json:"steps"`
	IsShareable *bool `json:"is_shareable"`
}

// HandleRetry serves POST /identity_verification/retry: a new attempt
// after the user's latest, by strategy: reset (every step again),
// incomplete (from the failed step; those passed are skipped), infer
// (incomplete after a failed or expired attempt, else reset), custom
// (the steps given). A reset or custom retry of an active attempt
// cancels it.
func (a *API) HandleRetry(c *product.Call, req *retryRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	t, err := template(c, req.TemplateID)
	if err != nil {
		return nil, err
	}
	switch {
	case req.Strategy == "custom" && req.Steps == nil:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("steps is required with strategy custom")
	case req.Strategy != "custom" && req.Steps != nil:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("steps can only be sent with strategy custom")
	}
	data, err := req.User.data()
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	prev := a.latestLocked(c.ClientID, req.ClientUserID, t.ID)
	if prev == nil {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("no identity verification of this client_user_id and template to retry: call /identity_verification/create")
	}
	strategy := req.Strategy
	if strategy == "infer" {
		switch prev.Status {
		case "active":
			return nil, wire.New(wire.CodeInvalidField).WithMessage("strategy infer cannot retry an active attempt (%s)", prev.ID)
		case "failed", "expired":
			strategy = "incomplete"
		default:
			strategy = "reset"
		}
	}
	if strategy == "incomplete" && (prev.Steps["watchlist_screening"] == "failed" || prev.Steps["risk_check"] == "failed") {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("strategy incomplete cannot retry a failed watchlist screening or risk check: use reset")
	}
	var events []product.Event
	if prev.Status == "active" {
		before := prev.Status
		prev.Status, prev.Completed = "canceled", c.Now
		for st, v := range prev.Steps {
			if v == "active" || v == "waiting_for_prerequisite" {
				prev.Steps[st] = "canceled"
			}
		}
		events = append(events, a.webhooks(c, prev, nil, before)...)
	}
	s := newSession(a.newID("idv_"), t, prev.Consent, c.Now)
	s.ClientID, s.ClientUserID, s.UserID, s.Previous, s.Shareable = c.ClientID, prev.ClientUserID, prev.UserID, prev.ID, prev.Shareable
	if req.IsShareable != nil {
		s.Shareable = *req.IsShareable
	}
	a.share(c, s)
	switch strategy {
	case "incomplete":
		// The retried steps' details are asked again; a passed SMS step keeps its phone.
		s.User = UserData{Email: prev.User.Email}
		if done[prev.Steps["verify_sms"]] {
			s.User.Phone = prev.User.Phone
		}
		for _, st := range steps {
			if done[prev.Steps[st]] && prev.Steps[st] != "not_applicable" {
				s.Steps[st] = "skipped"
			}
		}
	case "custom":
		on := map[string]bool{"verify_sms": req.Steps.VerifySMS, "kyc_check": req.Steps.KYCCheck, "documentary_verification": req.Steps.Documentary}
		for st, want := range on {
			switch {
			case !want:
				s.Steps[st] = "skipped"
			case s.Steps[st] == "not_applicable":
				s.Steps[st] = "waiting_for_prerequisite"
				if st == "documentary_verification" {
					s.Doc = "always"
				}
			}
		}
	}
	s.User = merge(s.User, data)
	before := s.Status
	changed := a.advance(c, s, Input{Consent: s.Consent})
	a.st.Sessions.Add(s, maxSessions)
	events = append(events, a.retried(c, s))
	events = append(events, a.webhooks(c, s, changed, before)...)
	c.Emit(events...)
	a.door.StateChanged(a.Name())
	return answer(s.view()), nil
}

// retried is the RETRIED webhook of a new attempt.
func (a *API) retried(c *product.Call, s *Session) product.Event {
	return product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: s.ClientID}, To: c.Fixtures.DashboardWebhookOf(s.ClientID),
		Type: "IDENTITY_VERIFICATION", Code: "RETRIED", Fields: map[string]any{"identity_verification_id": s.ID}}}
}

// userOf is what the client's session knows of the person.
func (a *API) userOf(clientID, id string) (UserData, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, err := a.sessionLocked(clientID, id)
	if err != nil {
		return UserData{}, err
	}
	return s.User, nil
}

type autofillResponse struct {
	Status string `json:"status"`
	User   any    `json:"user"`
	wire.Response
}

// HandleAutofill serves POST /identity_verification/autofill/create: the
// name, address and SSN's last four of the persona whose phone and birth
// date the session holds (failed, with no user, for anyone else).
func (a *API) HandleAutofill(c *product.Call, req *idRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	u, err := a.userOf(c.ClientID, req.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range c.Fixtures.IDVPeople() {
		if u.Phone == "" || !slices.Contains(p.Phones, u.Phone) || u.DOB == "" || !(u.DOB == p.DateOfBirth || len(p.DateOfBirth) == 4 && u.DOB[:4] == p.DateOfBirth) {
			continue
		}
		var id any
		if len(p.SSNs) > 0 {
			id = map[string]any{"value": p.SSNs[0][5:], "type": "us_ssn_last_4"}
		}
		return &autofillResponse{Status: "success", User: map[string]any{"name": map[string]any{"given_name": p.GivenName, "family_name": p.FamilyName},
			"address": map[string]any{"street": p.Address.Street, "street2": nil, "city": p.Address.City, "region": p.Address.Region,
				"postal_code": p.Address.PostalCode, "country": p.Address.Country, "po_box": "no", "type": "residential"}, "id_number": id}}, nil
	}
	return &autofillResponse{Status: "failed"}, nil
}
