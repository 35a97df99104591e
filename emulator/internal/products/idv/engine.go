package idv

import (
	"encoding/json"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The steps run in order; each waits for the one before it to be done
// (success, skipped, not applicable, manually approved), and for its own
// input: consent, a phone and its code, the personal details, document
// uploads. A failed KYC check with a fallback document step opens that
// step; any other failure ends the session failed. Once every step is
// done the session succeeds, or awaits review when the screening hit.

// Input is what the person gave in one go (Link's panes, or the admin
// API's headless completion).
type Input struct {
	Consent bool     `json:"consent"`
	Phone   string   `json:"phone_number"`
	Codes   []string `json:"sms_codes"`
	// User are personal details (name, birth date, address, id number).
	User *UserData `json:"user"`
	// Documents is how many documents were uploaded (Sandbox reads none).
	Documents int `json:"documents"`
}

// newSession starts a session of template t with its steps waiting.
func newSession(id string, t *fixtures.IDVTemplate, consent bool, now time.Time) *Session {
	s := &Session{ID: id, TemplateID: t.ID, TemplateVersion: max(t.Version, 1), Created: now, Status: "active", Consent: consent,
		Steps: map[string]string{}, Rules: t.Rules, Program: t.WatchlistProgram}
	conf := t.StepsOrDefault()
	for _, st := range steps {
		on := conf[st] == "true"
		switch st {
		case "documentary_verification":
			s.Doc = map[string]string{"always": "always", "fallback": "fallback"}[conf[st]]
			on = s.Doc != ""
		case "selfie_check":
			on = false // Sandbox runs no selfie check
		case "watchlist_screening":
			on = t.WatchlistProgram != ""
		}
		s.Steps[st] = "not_applicable"
		if on {
			s.Steps[st] = "waiting_for_prerequisite"
		}
	}
	if consent && s.Steps["accept_tos"] != "not_applicable" {
		s.Steps["accept_tos"] = "skipped"
	}
	return s
}

// finished says whether a session's status is final.
func finished(status string) bool { return status != "active" }

// advance runs what the input lets run: the steps finished, in order.
func (a *API) advance(c *product.Call, s *Session, in Input) []string {
	if finished(s.Status) && s.Status != "pending_review" {
		return nil
	}
	if in.User != nil {
		s.User = merge(s.User, *in.User)
	}
	if in.Phone != "" {
		s.User.Phone = in.Phone
	}
	var changed []string
	set := func(st, status string) {
		if s.Steps[st] != status {
			s.Steps[st] = status
			if status != "active" && status != "waiting_for_prerequisite" {
				changed = append(changed, st)
			}
		}
	}
	persona := bestPersona(c.Fixtures.IDVPeople(), s.User)
loop:
	for _, st := range steps {
		status := s.Steps[st]
		if done[status] || status == "pending_review" {
			continue
		}
		if status == "failed" || status == "manually_rejected" || status == "canceled" || status == "expired" {
			if st == "kyc_check" && s.Doc == "fallback" {
				continue // the document step may still pass the session
			}
			break
		}
		switch st {
		case "accept_tos":
			if !in.Consent {
				set(st, "active")
				break loop
			}
			set(st, "success")
		case "verify_sms":
			if !a.verifySMS(c, s, in, persona) {
				set(st, "active")
				break loop
			}
			set(st, s.smsOutcome())
			if s.Steps[st] == "failed" {
				break loop
			}
		case "kyc_check":
			if !s.User.complete() {
				set(st, "active")
				break loop
			}
			details, ok := kyc(s, persona)
			s.detail(st, details)
			set(st, map[bool]string{true: "success", false: "failed"}[ok])
		case "documentary_verification":
			if s.Doc == "fallback" && done[s.Steps["kyc_check"]] {
				set(st, "not_applicable")
				continue
			}
			if !s.document(c.Now, in.Documents, persona) {
				set(st, "active")
				break loop
			}
			set(st, s.docOutcome())
			if s.Steps[st] == "failed" {
				break loop
			}
		case "watchlist_screening":
			if a.screener == nil {
				set(st, "not_applicable")
				continue
			}
			id, result, err := a.screener.ScreenPerson(c, s.Program, s.ClientUserID, s.User.GivenName+" "+s.User.FamilyName, s.User.DOB, country(s.User))
			if err != nil {
				set(st, "not_applicable")
				continue
			}
			s.ScreeningID = id
			set(st, map[string]string{"cleared": "success"}[result])
			if s.Steps[st] == "" {
				set(st, "pending_review")
			}
		case "risk_check":
			details, ok := risk(s, persona)
			s.detail(st, details)
			set(st, map[bool]string{true: "success", false: "failed"}[ok])
		}
	}
	s.Status = s.outcome()
	if finished(s.Status) && s.Completed.IsZero() {
		s.Completed = c.Now
	}
	return changed
}

// outcome is the session's status from its steps.
func (s *Session) outcome() string {
	switch {
	case s.Status == "canceled" || s.Status == "expired":
		return s.Status
	case s.failed():
		return "failed"
	}
	review := false
	for _, st := range steps {
		switch status := s.Steps[st]; {
		case status == "pending_review":
			review = true
		case !done[status] && !(st == "kyc_check" && s.Doc == "fallback" && (status == "failed" || status == "manually_rejected")):
			return "active"
		}
	}
	if review {
		return "pending_review"
	}
	return "success"
}

// failed says whether a step failed with no fallback left.
func (s *Session) failed() bool {
	for _, st := range steps {
		if status := s.Steps[st]; status == "failed" || status == "manually_rejected" {
			if st == "kyc_check" && s.Doc == "fallback" && s.Steps["documentary_verification"] != "failed" &&
				s.Steps["documentary_verification"] != "manually_rejected" {
				continue
			}
			return true
		}
	}
	return false
}

// detail keeps a finished step's block.
func (s *Session) detail(step string, v any) {
	if s.Details == nil {
		s.Details = map[string]json.RawMessage{}
	}
	s.Details[step], _ = json.Marshal(v)
}

// merge is old with what next gives.
func merge(old, next UserData) UserData {
	pick := func(a, b string) string {
		if b != "" {
			return b
		}
		return a
	}
	old.Phone, old.DOB, old.Email, old.IP = pick(old.Phone, next.Phone), pick(old.DOB, next.DOB), pick(old.Email, next.Email), pick(old.IP, next.IP)
	old.GivenName, old.FamilyName = pick(old.GivenName, next.GivenName), pick(old.FamilyName, next.FamilyName)
	if next.Address != nil {
		old.Address = next.Address
	}
	if next.IDNumber != nil {
		old.IDNumber = next.IDNumber
	}
	return old
}

// complete says whether the KYC check has what it needs: a name, a birth
// date and an address.
func (u UserData) complete() bool {
	return u.GivenName != "" && u.FamilyName != "" && u.DOB != "" && u.Address != nil
}

func country(u UserData) string {
	if u.Address != nil {
		return u.Address.Country
	}
	return ""
}
