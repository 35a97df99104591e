package idv

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// A Sandbox document upload is read as a genuine US driver's licence of
// its holder: it passes when the name and birth date entered are the
// holder's. Three failed uploads fail the step.

// holder is whose document an upload shows (nil: one that matches no one).
func holder(p *fixtures.IDVPersona) *fixtures.IDVPersona {
	switch {
	case p == nil:
		return &fixtures.IDVBuiltinPersonas[0] // Leslie Knope's, as Plaid's Sandbox
	case p.Document == "fail":
		return nil
	}
	return p
}

// document reads up to uploads documents: whether the step is decided
// (a passing upload, or three failed ones).
func (s *Session) document(now time.Time, uploads int, p *fixtures.IDVPersona) bool {
	h := holder(p)
	for range uploads {
		if s.docDecided() {
			break
		}
		attempt := len(s.DocAttempts) + 1
		nameOK, dobOK := "no_match", "no_match"
		given, family, dob := "Leslie", "Knope", "1975-01-18"
		if h != nil {
			given, family, dob = h.GivenName, h.FamilyName, h.DateOfBirth
			if len(dob) == 4 {
				dob += "-06-15"
			}
			if norm(h.GivenName) == norm(s.User.GivenName) && norm(h.FamilyName) == norm(s.User.FamilyName) {
				nameOK = "match"
			}
			if s.User.DOB != "" && (s.User.DOB == h.DateOfBirth || len(h.DateOfBirth) == 4 && s.User.DOB[:4] == h.DateOfBirth) {
				dobOK = "match"
			}
		} else {
			given, family = "Ann", "Perkins"
		}
		status := "failed"
		if nameOK == "match" && dobOK == "match" {
			status = "success"
		}
		img := func(part string) string {
			return fmt.Sprintf("https://emulator.local/verifications/%s/documents/%d/%s.jpeg", s.ID, attempt, part)
		}
		doc := map[string]any{"status": status, "attempt": attempt,
			"images": map[string]any{"original_front": img("original_front"), "original_back": img("original_back"),
				"cropped_front": img("cropped_front"), "cropped_back": img("cropped_back"), "face": img("face")},
			"extracted_data": map[string]any{"id_number": "K" + fmt.Sprintf("%08d", attempt*1234567%100000000), "category": "drivers_license",
				"expiration_date": now.AddDate(4, 0, 0).Format(time.DateOnly), "issue_date": now.AddDate(-4, 0, 0).Format(time.DateOnly),
				"issuing_country": "US", "issuing_region": "IN", "date_of_birth": dob,
				"address": map[string]any{"street": "123 Main St.", "city": "Pawnee", "region": "IN", "postal_code": "46001", "country": "US"},
				"name":    map[string]any{"given_name": given, "family_name": family}},
			"analysis": map[string]any{"authenticity": "match", "image_quality": "high",
				"extracted_data": map[string]any{"name": nameOK, "date_of_birth": dobOK, "expiration_date": "not_expired", "issuing_country": "match"},
				"fraud_analysis_details": map[string]any{"type_supported": "success", "portrait_presence_check": "success", "portrait_details_check": "success",
					"image_composition_check": "success", "integrity_check": "success", "detail_check": "success", "issue_date_check": "success"},
				"image_quality_details": map[string]any{"glare_check": "success", "dimensions_check": "success", "blur_check": "success"},
				"aamva_verification":    nil},
			"redacted_at": nil}
		raw, _ := json.Marshal(doc)
		s.DocAttempts = append(s.DocAttempts, raw)
	}
	if !s.docDecided() {
		return false
	}
	s.detail("documentary_verification", map[string]any{"status": s.docOutcome(), "documents": s.DocAttempts})
	return true
}

func (s *Session) lastDocStatus() string {
	if len(s.DocAttempts) == 0 {
		return ""
	}
	var d struct{ Status string }
	_ = json.Unmarshal(s.DocAttempts[len(s.DocAttempts)-1], &d)
	return d.Status
}

func (s *Session) docDecided() bool { return s.lastDocStatus() == "success" || len(s.DocAttempts) >= 3 }

func (s *Session) docOutcome() string {
	if s.lastDocStatus() == "success" {
		return "success"
	}
	return "failed"
}

// risk is the risk check's block: low risk (a trust index of 86) unless
// the persona is scripted high (failed, with the factors that say why).
func risk(s *Session, p *fixtures.IDVPersona) (map[string]any, bool) {
	high := p != nil && p.Risk == "high"
	level, score, trust, status := "low", 4, 86, "success"
	if high {
		level, score, trust, status = "high", 92, 18, "failed"
	}
	var email any
	if s.User.Email != "" {
		email = map[string]any{"is_deliverable": "yes", "breach_count": 0, "first_breached_at": nil, "last_breached_at": nil,
			"domain_registered_at": "1995-08-13", "domain_is_free_provider": "no", "domain_is_custom": "yes", "domain_is_disposable": "no",
			"top_level_domain_is_suspicious": "no", "is_edu": "no", "includes_date_of_birth": "no", "linked_services": []string{},
			"risk_level": level, "factors": []string{}}
	}
	factors := []string{}
	if high {
		factors = []string{"bot_detected", "proxy_detected"}
	}
	return map[string]any{"status": status,
		"behavior": map[string]any{"user_interactions": map[bool]string{false: "genuine", true: "risky"}[high], "fraud_ring_detected": "no",
			"bot_detected": map[bool]string{false: "no", true: "yes"}[high], "risk_level": level},
		"email": email,
		"phone": map[string]any{"linked_services": []string{}, "risk_level": level, "factors": []string{}},
		"devices": []any{map[string]any{"ip_proxy_type": map[bool]string{false: "none_detected", true: "tor"}[high], "ip_spam_list_count": 0,
			"ip_timezone_offset": "-05:00:00", "risk_level": level, "factors": factors}},
		"identity_abuse_signals": map[string]any{"synthetic_identity": map[string]any{"score": score, "risk_level": level},
			"stolen_identity": map[string]any{"score": score, "risk_level": level}},
		"facial_duplicates": []any{}, "trust_index_score": trust}, !high
}
