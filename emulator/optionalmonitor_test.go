package emulator_test

// Monitor's bodies for TestEveryOptionalFieldIsAccepted: real program
// and screening ids, terms a program takes (a two-letter country, a
// document number of 4 to 32 characters), a dashboard user to assign,
// and no cursor but one a list gave.

// screening is a new screening of kind (individual or entity): its id.
func (fx *fieldFixture) screening(kind string) string {
	terms := map[string]any{"watchlist_program_id": "prg_sandbox_default", "legal_name": "Optional Fields"}
	if kind == "entity" {
		terms = map[string]any{"entity_watchlist_program_id": "entprg_sandbox_default", "legal_name": "Optional Fields Inc"}
	}
	return fx.e.call("/watchlist_screening/"+kind+"/create", map[string]any{"search_terms": terms}).ok(fx.e.tb)["id"].(string)
}

func init() {
	val := func(v any) func(*fieldFixture) any { return func(*fieldFixture) any { return v } }
	terms := map[string]func(*fieldFixture) any{
		"individual": val(map[string]any{"watchlist_program_id": "prg_sandbox_default", "legal_name": "Leslie Knope", "date_of_birth": "1975-01-18",
			"document_number": "D1234567", "country": "US"}),
		"entity": val(map[string]any{"entity_watchlist_program_id": "entprg_sandbox_default", "legal_name": "Plaid Inc", "document_number": "12-3456789",
			"email_address": "ops@example.com", "country": "US", "phone_number": "+14155550100", "url": "https://example.com"}),
	}
	for _, kind := range []string{"individual", "entity"} {
		id, program, programID := "watchlist_screening_id", "watchlist_program_id", "prg_sandbox_default"
		if kind == "entity" {
			id, program, programID = "entity_watchlist_screening_id", "entity_watchlist_program_id", "entprg_sandbox_default"
		}
		screening := func(fx *fieldFixture) any { return fx.screening(kind) }
		base := "/watchlist_screening/" + kind
		pathOverrides[base+"/create"] = map[string]func(*fieldFixture) any{"search_terms": terms[kind]}
		pathOverrides[base+"/get"] = map[string]func(*fieldFixture) any{id: screening}
		pathOverrides[base+"/list"] = map[string]func(*fieldFixture) any{program: val(programID), "cursor": omit, "assignee": omit}
		pathOverrides[base+"/update"] = map[string]func(*fieldFixture) any{id: screening, "search_terms": terms[kind], "status": omit,
			"assignee": val("usr_sandbox_reviewer1"), "reset_fields": omit}
		for _, p := range []string{"/history/list", "/hit/list", "/review/list"} {
			pathOverrides[base+p] = map[string]func(*fieldFixture) any{id: screening, "cursor": omit}
		}
		pathOverrides[base+"/review/create"] = map[string]func(*fieldFixture) any{id: screening, "confirmed_hits": val([]string{}), "dismissed_hits": val([]string{})}
		pathOverrides[base+"/program/get"] = map[string]func(*fieldFixture) any{program: val(programID)}
		pathOverrides[base+"/program/list"] = map[string]func(*fieldFixture) any{"cursor": omit}
	}
	pathOverrides["/dashboard_user/get"] = map[string]func(*fieldFixture) any{"dashboard_user_id": val("usr_sandbox_reviewer1")}
	pathOverrides["/dashboard_user/list"] = map[string]func(*fieldFixture) any{"cursor": omit}
}
