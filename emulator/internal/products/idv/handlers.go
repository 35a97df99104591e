package idv

import (
	"regexp"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type userIn struct {
	Email string  `json:"email_address"`
	Phone *string `json:"phone_number"`
	DOB   string  `json:"date_of_birth"`
	Name  *struct {
		GivenName  string `json:"given_name"`
		FamilyName string `json:"family_name"`
	} `json:"name"`
	Address      *Address  `json:"address"`
	IDNumber     *IDNumber `json:"id_number"`
	ClientUserID *string   `json:"client_user_id"`
	IPAddress    *string   `json:"ip_address"`
}

var (
	e164      = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
	idFormats = map[string]*regexp.Regexp{"us_ssn": regexp.MustCompile(`^[0-9]{9}$`), "us_ssn_last_4": regexp.MustCompile(`^[0-9]{4}$`)}
	letter    = regexp.MustCompile(`\pL`)
)

// data checks a request's user block and returns it as UserData.
func (u *userIn) data() (UserData, *wire.Error) {
	bad := func(format string, args ...any) (UserData, *wire.Error) {
		return UserData{}, wire.New(wire.CodeInvalidField).WithMessage(format, args...)
	}
	var d UserData
	if u == nil {
		return d, nil
	}
	d.Email, d.DOB, d.IP = u.Email, u.DOB, product.Deref(u.IPAddress, "")
	if u.Phone != nil {
		if !e164.MatchString(*u.Phone) {
			return bad("user.phone_number must be an E.164 number such as +12345678909")
		}
		d.Phone = *u.Phone
	}
	if n := u.Name; n != nil {
		for _, part := range []string{n.GivenName, n.FamilyName} {
			if !letter.MatchString(part) || len(part) > 100 || strings.TrimSpace(part) != part {
				return bad("user.name's given_name and family_name need a letter, at most 100 characters and no leading or trailing space")
			}
		}
		d.GivenName, d.FamilyName = n.GivenName, n.FamilyName
	}
	if a := u.Address; a != nil {
		if len(a.Country) != 2 {
			return bad("user.address.country must be a two-letter ISO 3166 code")
		}
		if a.Country == "US" && (product.Deref(a.Region, "") == "" || !regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`).MatchString(product.Deref(a.PostalCode, ""))) {
			return bad("a US user.address needs a region and a five-digit postal_code")
		}
		d.Address = a
	}
	if id := u.IDNumber; id != nil {
		v := strings.NewReplacer("-", "", " ", "").Replace(id.Value)
		if re := idFormats[id.Type]; re != nil && !re.MatchString(v) || id.Type == "us_ssn" && (strings.HasPrefix(v, "9") || strings.HasPrefix(v, "666") || strings.HasPrefix(v, "000")) {
			return bad("user.id_number.value is not a valid %s", id.Type)
		}
		d.IDNumber = &IDNumber{Value: v, Type: id.Type}
	}
	return d, nil
}

type createRequest struct {
	product.Credentials
	ClientUserID *string `json:"client_user_id"`
	UserID       *string `json:"user_id"`
	IsShareable  bool    `json:"is_shareable"`
	TemplateID   string  `json:"template_id"`
	GaveConsent  bool    `json:"gave_consent"`
	User         *userIn `json:"user"`
	IsIdempotent *bool   `json:"is_idempotent"`
}

// template is the client's template by id, or Plaid's error.
func template(c *product.Call, id string) (*fixtures.IDVTemplate, *wire.Error) {
	t := c.Fixtures.IDVTemplateByID(id)
	if t == nil {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("template_id %q names no Identity Verification template of this client", wire.Clip(id, 60))
	}
	return t, nil
}

// HandleCreate serves POST /identity_verification/create.
func (a *API) HandleCreate(c *product.Call, req *createRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	t, err := template(c, req.TemplateID)
	if err != nil {
		return nil, err
	}
	cuid := product.Deref(req.ClientUserID, "")
	if cuid == "" && req.User != nil {
		cuid = product.Deref(req.User.ClientUserID, "")
	}
	userID := ""
	switch {
	case req.UserID != nil && req.User != nil:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("user cannot be sent with user_id: the Plaid user's identity is used")
	case req.UserID != nil:
		pu, err := a.users.FindUser(c.ClientID, req.UserID, nil)
		if err != nil {
			return nil, err
		}
		userID = pu.ID
		if cuid == "" {
			cuid = pu.ID
		}
	case cuid == "":
		return nil, wire.New(wire.CodeMissingFields, "client_user_id")
	}
	data, err := req.User.data()
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if prev := a.latestLocked(c.ClientID, cuid, t.ID); prev != nil {
		if req.IsIdempotent != nil && *req.IsIdempotent {
			return answer(prev.view()), nil
		}
		return nil, wire.New(wire.CodeInvalidField).WithMessage("an identity verification (%s) already exists for this client_user_id and template: send is_idempotent: true to get it, or call /identity_verification/retry", prev.ID)
	}
	s := newSession(a.newID("idv_"), t, req.GaveConsent, c.Now)
	s.ClientID, s.ClientUserID, s.UserID, s.Shareable, s.User = c.ClientID, cuid, userID, req.IsShareable, data
	a.share(c, s)
	before := s.Status
	changed := a.advance(c, s, Input{Consent: req.GaveConsent})
	a.st.Sessions.Add(s, maxSessions)
	c.Emit(a.webhooks(c, s, changed, before)...)
	a.door.StateChanged(a.Name())
	return answer(s.view()), nil
}

// latestLocked is the client's newest session for a user and template. Callers hold a.mu.
func (a *API) latestLocked(clientID, cuid, templateID string) *Session {
	for s := range a.st.Sessions.Newest() {
		if s.ClientID == clientID && s.ClientUserID == cuid && s.TemplateID == templateID {
			return s
		}
	}
	return nil
}

// webhooks are a change's IDENTITY_VERIFICATION webhooks to the client's
// Dashboard webhook: STEP_UPDATED per finished step, then STATUS_UPDATED
// when the session's status changed.
func (a *API) webhooks(c *product.Call, s *Session, changed []string, before string) []product.Event {
	to := c.Fixtures.DashboardWebhookOf(s.ClientID)
	var out []product.Event
	hook := func(code string) {
		out = append(out, product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: s.ClientID}, To: to, Type: "IDENTITY_VERIFICATION",
			Code: code, Fields: map[string]any{"identity_verification_id": s.ID}}})
	}
	for range changed {
		hook("STEP_UPDATED")
	}
	if s.Status != before {
		hook("STATUS_UPDATED")
	}
	return out
}

type idRequest struct {
	product.Credentials
	ID string `json:"identity_verification_id"`
}

// sessionLocked is the client's session by id. Callers hold a.mu.
func (a *API) sessionLocked(clientID, id string) (*Session, *wire.Error) {
	if id == "" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("identity_verification_id must be filled")
	}
	s := a.st.Sessions.ByID[id]
	if s == nil || s.ClientID != clientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("identity verification %q not found", wire.Clip(id, 60))
	}
	return s, nil
}

// HandleGet serves POST /identity_verification/get.
func (a *API) HandleGet(c *product.Call, req *idRequest) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s, err := a.sessionLocked(c.ClientID, req.ID)
	if err != nil {
		return nil, err
	}
	a.refreshScreeningLocked(s, c)
	return answer(s.view()), nil
}

// refreshScreeningLocked follows the session's screening: a review that
// clears it passes the step (and the session), one that rejects it fails
// them. Callers hold a.mu.
func (a *API) refreshScreeningLocked(s *Session, c *product.Call) {
	if a.screener == nil || s.ScreeningID == "" || s.Steps["watchlist_screening"] != "pending_review" {
		return
	}
	status, ok := a.screener.ScreeningStatus(s.ScreeningID)
	if !ok || status == "pending_review" {
		return
	}
	before := s.Status
	s.Steps["watchlist_screening"] = map[string]string{"cleared": "success", "rejected": "failed"}[status]
	s.Status = s.outcome()
	c.Emit(a.webhooks(c, s, []string{"watchlist_screening"}, before)...)
	a.door.StateChanged(a.Name())
}

// newID is a fresh id with Plaid's prefix.
func (a *API) newID(prefix string) string {
	return prefix + strings.ReplaceAll(a.door.NewUUID(), "-", "")[:14]
}
