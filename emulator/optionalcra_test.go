package emulator_test

// Consumer Report's paths newer than the spec (plaid-node 47's): their
// bodies, every field set, for TestEveryOptionalFieldIsAccepted, around a
// servicing subscription whose simulated update is a ready report.

// craServicing is a new-API user with an Item, a servicing subscription
// and a simulated report: the subscription and report ids.
func (fx *fieldFixture) craServicing() (userID, subscriptionID, reportID string) {
	uid := fx.e.call("/user/create", map[string]any{"client_user_id": "optional-fields-servicing"}).body["user_id"].(string)
	fx.e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}, "user_id": uid}).ok(fx.e.tb)
	sub := fx.e.call("/cra/servicing/subscription/create", map[string]any{"user_id": uid, "scope": "CLIENT_USER",
		"products": []any{map[string]any{"product": "cra_base_report", "version": "V1"}}}).ok(fx.e.tb)["subscription_id"].(string)
	rep := fx.e.call("/sandbox/cra/servicing/simulate", map[string]any{"subscription_id": sub}).ok(fx.e.tb)["report_id"].(string)
	return uid, sub, rep
}

func init() {
	products := func(*fieldFixture) any {
		return []any{map[string]any{"product": "cra_income_insights", "version": "V1", "options": map[string]any{}}}
	}
	sub := func(fx *fieldFixture) any { _, s, _ := fx.craServicing(); return s }
	user := func(fx *fieldFixture) any { u, _, _ := fx.craServicing(); return u }
	hook := func(*fieldFixture) any { return "http://127.0.0.1:9/hook" }
	// /cra/report/get's user_id and report_id, drawn in any order, name
	// the same user's report.
	reports := map[*fieldFixture][2]string{}
	report := func(fx *fieldFixture) [2]string {
		if r, ok := reports[fx]; ok {
			return r
		}
		u, _, r := fx.craServicing()
		reports[fx] = [2]string{u, r}
		return reports[fx]
	}
	for path, fields := range map[string]map[string]func(*fieldFixture) any{
		"/cra/report/get": {
			"user_id":   func(fx *fieldFixture) any { return report(fx)[0] },
			"report_id": func(fx *fieldFixture) any { return report(fx)[1] },
			"products": func(*fieldFixture) any {
				return []any{map[string]any{"product": "cra_qualify", "version": "V1"}, map[string]any{"product": "cra_home_lending", "version": "V1"}}
			},
			"scope": func(*fieldFixture) any { return "CLIENT_USER" }, "decision_stage": func(*fieldFixture) any { return "SERVICING" },
			"consumer_report_permissible_purpose": func(*fieldFixture) any { return "ACCOUNT_REVIEW_CREDIT" },
		},
		"/cra/servicing/subscription/create": {"user_id": user, "scope": func(*fieldFixture) any { return "PLAID_NETWORK" },
			"cadence": func(*fieldFixture) any { return "DAILY" }, "webhook": hook, "products": products},
		"/cra/servicing/subscription/get":    {"subscription_id": sub},
		"/cra/servicing/subscription/list":   {"user_id": user},
		"/cra/servicing/subscription/update": {"subscription_id": sub, "webhook": hook, "products": products, "reset_fields": func(*fieldFixture) any { return []string{} }},
		"/cra/servicing/subscription/delete": {"subscription_id": sub},
		"/sandbox/cra/servicing/simulate": {"subscription_id": sub, "options": func(*fieldFixture) any {
			return map[string]any{"transactions_end_date": "2020-01-01", "error_webhook_code": nil}
		}},
	} {
		pathOverrides[path] = fields
	}
}
