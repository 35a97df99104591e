package product

import "regexp"

// Database Auth and Insights (https://plaid.com/docs/auth/coverage/database/):
// account numbers checked against Plaid's network instead of a login. The
// Sandbox answers by the account number's last four digits
// (https://plaid.com/docs/auth/coverage/testing/): …1111 passes, …3333
// passes with caution, anything else fails; the name "John Smith" matches.
// Used by /auth/verify and by Link's typed numbers.

var (
	routingDigits = regexp.MustCompile(`^\d{9}$`)
	accountDigits = regexp.MustCompile(`^\d{4,17}$`)
)

// DatabaseCheck is what the Sandbox's database says of an account's numbers.
type DatabaseCheck struct {
	Status   string         // database_insights_pass, _pass_with_caution or _fail
	Valid    bool           // the numbers are well formed
	Insights map[string]any // verification_insights
}

// CheckNumbers is the Sandbox's database answer for routing and account,
// with the name's match score when a name is given.
func CheckNumbers(routing, account string, name *string) DatabaseCheck {
	valid := routingDigits.MatchString(routing) && accountDigits.MatchString(account)
	status, known, verified, returned := "database_insights_fail", false, false, valid
	if valid {
		switch account[len(account)-4:] {
		case "1111":
			status, known, verified, returned = "database_insights_pass", true, true, false
		case "3333":
			status, known, returned = "database_insights_pass_with_caution", true, false
		}
	}
	format := "valid"
	if !valid {
		format = "invalid"
	}
	var score any
	if name != nil && *name != "" {
		score = 20
		if *name == "John Smith" {
			score = 100
		}
	}
	return DatabaseCheck{Status: status, Valid: valid, Insights: map[string]any{
		"name_match_score": score, "account_number_format": format,
		"network_status":   map[string]any{"has_numbers_match": known, "is_numbers_match_verified": verified},
		"previous_returns": map[string]any{"has_previous_administrative_return": returned},
	}}
}
