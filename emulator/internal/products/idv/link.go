package idv

import (
	"crypto/subtle"
	"encoding/json"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Link's side (product.Verifier): a link token for Identity Verification
// opens the user's newest session for its template (or a new one, with
// the token's user fields as prefill), and each pane's answers run the
// steps, with their webhooks.

var _ product.Verifier = (*API)(nil)

// linkUser is a link token's user fields Identity Verification reads.
type linkUser struct {
	Phone *string `json:"phone_number"`
	Email *string `json:"email_address"`
	DOB   *string `json:"date_of_birth"`
	Name  *struct {
		GivenName  string `json:"given_name"`
		FamilyName string `json:"family_name"`
	} `json:"name"`
	Address  *Address  `json:"address"`
	IDNumber *IDNumber `json:"id_number"`
}

// LinkSession is the session a link token opens.
func (a *API) LinkSession(c *product.Call, clientUserID, templateID string, consent bool, prefill []byte) (string, *wire.Error) {
	if err := access(c); err != nil {
		return "", err
	}
	t, err := template(c, templateID)
	if err != nil {
		return "", err
	}
	var lu linkUser
	_ = json.Unmarshal(prefill, &lu)
	in := &userIn{Phone: lu.Phone, DOB: product.Deref(lu.DOB, ""), Email: product.Deref(lu.Email, ""), Address: lu.Address, IDNumber: lu.IDNumber}
	if lu.Name != nil {
		in.Name = lu.Name
	}
	data, err := in.data()
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if prev := a.latestLocked(c.ClientID, clientUserID, t.ID); prev != nil {
		return prev.ID, nil
	}
	s := newSession(a.newID("idv_"), t, consent, c.Now)
	s.ClientID, s.ClientUserID, s.User = c.ClientID, clientUserID, data
	before := s.Status
	changed := a.advance(c, s, Input{Consent: consent})
	a.st.Sessions.Add(s, maxSessions)
	c.Emit(a.webhooks(c, s, changed, before)...)
	a.door.StateChanged(a.Name())
	return s.ID, nil
}

// LinkAnswer runs the session's steps with a pane's answers.
func (a *API) LinkAnswer(c *product.Call, id string, answers []byte) (map[string]any, *wire.Error) {
	var in Input
	if len(answers) > 0 {
		if err := json.Unmarshal(answers, &in); err != nil {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("the answers are not an object of consent, phone_number, sms_codes, user, documents")
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st.Sessions.ByID[id]
	if s == nil {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("identity verification %q not found", wire.Clip(id, 60))
	}
	if len(answers) > 0 && s.Status == "active" {
		before := s.Status
		changed := a.advance(c, s, in)
		c.Emit(a.webhooks(c, s, changed, before)...)
		a.door.StateChanged(a.Name())
	}
	v := s.view()
	v["document_attempts"] = len(s.DocAttempts) // Link's pane counts them before the step ends
	return v, nil
}

// share gives a shareable session its URL: the emulator's Link page for
// it, on the host the request came to (Plaid's is flow.plaid.com).
func (a *API) share(c *product.Call, s *Session) {
	if !s.Shareable || s.ShareKey != "" {
		return
	}
	s.ShareKey = strings.ReplaceAll(a.door.NewUUID(), "-", "")[:16]
	if host := c.RequestHeader("Host"); host != "" && !strings.ContainsAny(host, "/?#@ ") {
		scheme := "http"
		if c.RequestHeader("X-Forwarded-Proto") == "https" {
			scheme = "https"
		}
		s.ShareURL = scheme + "://" + host + "/_emulator/link/share/" + s.ID + "?key=" + s.ShareKey
	}
}

// Shared is the client of a shareable session whose key is key.
func (a *API) Shared(id, key string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st.Sessions.ByID[id]
	if s == nil || !s.Shareable || s.ShareKey == "" || subtle.ConstantTimeCompare([]byte(key), []byte(s.ShareKey)) != 1 {
		return "", false
	}
	return s.ClientID, true
}
