package signal

import (
	"strings"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// ruleset is Signal's Ruleset in /signal/evaluate's answer.
type ruleset struct {
	RulesetKey           string       `json:"ruleset_key"`
	Result               string       `json:"result"` // ACCEPT, REROUTE or REVIEW
	TriggeredRuleDetails *ruleDetails `json:"triggered_rule_details"`
}

type ruleDetails struct {
	InternalNote    string `json:"internal_note,omitempty"`
	CustomActionKey string `json:"custom_action_key,omitempty"`
}

// applyRuleset is the result of the ruleset named key. What a test
// scripts comes first: a scenario's signal_result, then the account's
// fixture rule. Otherwise the default ruleset (every ruleset_key is it,
// docs/choices.md) reads the scores: a bank-initiated risk of 90 or more
// (the debit is near or above the balance) is REROUTE, one of 50 or more
// or a customer-initiated risk of 60 or more is REVIEW, else ACCEPT.
func applyRuleset(key, scripted string, rule *fixtures.SignalRule, customer, bank signalRisk) *ruleset {
	out := &ruleset{RulesetKey: key}
	switch {
	case scripted != "":
		out.Result = scripted
		out.TriggeredRuleDetails = &ruleDetails{InternalNote: "set by a scenario", CustomActionKey: "scenario"}
	case rule != nil:
		out.Result = rule.Result
		out.TriggeredRuleDetails = &ruleDetails{InternalNote: rule.InternalNote, CustomActionKey: rule.CustomActionKey}
	case bank.Score >= 90:
		out.Result = "REROUTE"
		out.TriggeredRuleDetails = &ruleDetails{InternalNote: "bank-initiated return risk is 90 or more: the debit is near or above the balance", CustomActionKey: "reroute"}
	case bank.Score >= 50 || customer.Score >= 60:
		out.Result = "REVIEW"
		out.TriggeredRuleDetails = &ruleDetails{InternalNote: "a return risk is elevated", CustomActionKey: "review"}
	default:
		out.Result = "ACCEPT"
		out.TriggeredRuleDetails = &ruleDetails{InternalNote: "low return risk", CustomActionKey: "accept"}
	}
	return out
}

// ForgetClient forgets the transactions one client evaluated.
func (p *API) ForgetClient(clientID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	kept := p.order[:0]
	for _, k := range p.order {
		if strings.HasPrefix(k, clientID+"\x00") {
			delete(p.known, k)
			continue
		}
		kept = append(kept, k)
	}
	p.order = kept
}
