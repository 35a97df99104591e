package emulator_test

// Identity Verification's bodies for TestEveryOptionalFieldIsAccepted:
// the fields whose valid value depends on the session (its id, its user
// and template) or on formats the schema does not spell (an E.164 phone,
// a two-letter country), around one session made per fixture.

// idvSession is a session of a client_user_id of its own: its id.
func (fx *fieldFixture) idvSession(cuid string) string {
	return fx.e.call("/identity_verification/create", map[string]any{"client_user_id": cuid, "template_id": "idvtmp_optional001",
		"gave_consent": true, "is_shareable": true, "is_idempotent": true}).ok(fx.e.tb)["id"].(string)
}

func init() {
	user := func(*fieldFixture) any {
		return map[string]any{"email_address": "leslie@example.com", "phone_number": "+12345678909", "date_of_birth": "1975-01-18",
			"name":      map[string]any{"given_name": "Leslie", "family_name": "Knope"},
			"address":   map[string]any{"street": "123 Main St.", "street2": "Suite 1", "city": "Pawnee", "region": "IN", "postal_code": "46001", "country": "US"},
			"id_number": map[string]any{"value": "123456789", "type": "us_ssn"}, "client_user_id": "optional-idv-create"}
	}
	template := func(*fieldFixture) any { return "idvtmp_optional001" }
	session := func(fx *fieldFixture) any { return fx.idvSession("optional-idv-get") }
	for path, fields := range map[string]map[string]func(*fieldFixture) any{
		"/identity_verification/create":          {"user": user, "user_id": omit, "template_id": template, "client_user_id": func(*fieldFixture) any { return "optional-idv-create" }},
		"/identity_verification/get":             {"identity_verification_id": session},
		"/identity_verification/autofill/create": {"identity_verification_id": session},
		"/identity_verification/list":            {"template_id": template, "cursor": omit, "user_id": omit, "client_user_id": func(*fieldFixture) any { return "optional-idv-create" }},
		"/identity_verification/retry": {"template_id": template, "user": user, "strategy": func(*fieldFixture) any { return "custom" },
			"client_user_id": func(fx *fieldFixture) any { fx.idvSession("optional-idv-retry"); return "optional-idv-retry" }},
	} {
		pathOverrides[path] = fields
	}
}
