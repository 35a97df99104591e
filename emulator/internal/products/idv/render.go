package idv

import (
	"encoding/json"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// view is the session as the API shows it (create, get, list, retry):
// every key the spec requires, detail blocks null until their step ends.
func (s *Session) view() map[string]any {
	var user map[string]any
	u := s.User
	opt := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	var name, addr, id any
	if u.GivenName != "" || u.FamilyName != "" {
		name = map[string]any{"given_name": u.GivenName, "family_name": u.FamilyName}
	}
	if u.Address != nil {
		addr = map[string]any{"street": u.Address.Street, "street2": u.Address.Street2, "city": u.Address.City, "region": u.Address.Region,
			"postal_code": u.Address.PostalCode, "country": u.Address.Country}
	}
	if u.IDNumber != nil {
		id = map[string]any{"value": u.IDNumber.Value, "type": u.IDNumber.Type}
	}
	user = map[string]any{"phone_number": opt(u.Phone), "date_of_birth": opt(u.DOB), "ip_address": opt(u.IP), "email_address": opt(u.Email),
		"name": name, "address": addr, "id_number": id}
	block := func(step string) any {
		if raw, ok := s.Details[step]; ok {
			return json.RawMessage(raw)
		}
		return nil
	}
	var completed, shareable any
	if !s.Completed.IsZero() {
		completed = product.RFC3339(s.Completed)
	}
	if s.Shareable {
		shareable = s.ShareURL
		if s.ShareURL == "" { // made without a Host to name (in-process)
			shareable = "https://flow.plaid.com/verify/" + s.ID + "?key=" + s.ShareKey
		}
	}
	stepsView := map[string]any{}
	for _, st := range steps {
		stepsView[st] = s.Steps[st]
	}
	return map[string]any{"id": s.ID, "client_user_id": s.ClientUserID, "created_at": product.RFC3339(s.Created), "completed_at": completed,
		"previous_attempt_id": opt(s.Previous), "shareable_url": shareable,
		"template": map[string]any{"id": s.TemplateID, "version": s.TemplateVersion}, "user": user, "status": s.Status, "steps": stepsView,
		"documentary_verification": block("documentary_verification"), "selfie_check": nil, "kyc_check": block("kyc_check"),
		"risk_check": block("risk_check"), "verify_sms": block("verify_sms"), "watchlist_screening_id": opt(s.ScreeningID),
		"beacon_user_id": nil, "user_id": opt(s.UserID), "redacted_at": nil}
}

// answer is a session as an API answer: its view with the request_id.
type answer map[string]any

func (r answer) SetRequestID(id string) { r["request_id"] = id }
