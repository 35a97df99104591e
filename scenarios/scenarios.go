// Package scenarios holds chaos scenarios: named lists of rules, each a
// match (which requests) and an effect (what happens to them). The
// built-in library is embedded; Load reads more from YAML. This package
// knows nothing of HTTP: the emulator applies what it describes.
package scenarios

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"gopkg.in/yaml.v3"
)

// File is one YAML file of scenarios.
type File struct {
	Scenarios []Scenario `yaml:"scenarios" json:"scenarios"`
}

// Scenario is a named list of rules, switched on and off as one.
type Scenario struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description,omitempty"`
	Rules       []Rule `yaml:"rules" json:"rules"`
}

// Rule applies Effect to the requests Match selects. With After set, the
// rule only applies once the rule of that name (in the same scenario) has
// fired: rules form a sequence, like WireMock's scenario states.
type Rule struct {
	Name   string `yaml:"name" json:"name,omitempty"`
	After  string `yaml:"after" json:"after,omitempty"`
	Match  Match  `yaml:"match" json:"match"`
	Effect Effect `yaml:"effect" json:"effect"`
}

// MatchPath reports whether a request path matches a pattern: exact, a
// path.Match glob ("/transactions/*"), or a prefix ending in "/**" (the
// prefix and everything below it; "/**" is every path).
func MatchPath(pattern, p string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "/**"); ok {
		return prefix == "" || p == prefix || strings.HasPrefix(p, prefix+"/")
	}
	if !strings.ContainsAny(pattern, "*?[") {
		return pattern == p
	}
	ok, _ := path.Match(pattern, p)
	return ok
}

// Match selects requests; every field given must hold.
type Match struct {
	// Paths are Plaid paths: exact, glob ("/transactions/*") or prefix ("/processor/**").
	Paths         []string `yaml:"paths" json:"paths,omitempty"`
	ClientID      string   `yaml:"client_id" json:"client_id,omitempty"`
	InstitutionID string   `yaml:"institution_id" json:"institution_id,omitempty"`
	Username      string   `yaml:"username" json:"username,omitempty"`
	ItemID        string   `yaml:"item_id" json:"item_id,omitempty"`
	AccountID     string   `yaml:"account_id" json:"account_id,omitempty"`
	// Call: only the Nth matching call; AfterCalls: every call after the
	// first N; EveryCalls: every Nth; Times: at most N firings in all.
	Call       int `yaml:"call" json:"call,omitempty"`
	AfterCalls int `yaml:"after_calls" json:"after_calls,omitempty"`
	EveryCalls int `yaml:"every_calls" json:"every_calls,omitempty"`
	Times      int `yaml:"times" json:"times,omitempty"`
	// Probability (0 < p ≤ 1) draws from the emulator's seeded generator.
	Probability float64 `yaml:"probability" json:"probability,omitempty"`
	// ItemAge is a window on the emulator clock relative to the Item's
	// creation: from (inclusive) and until (exclusive) Go durations.
	ItemAge *Window `yaml:"item_age" json:"item_age,omitempty"`
}

// Window is an age range; empty ends are open.
type Window struct {
	From  Duration `yaml:"from" json:"from,omitempty"`
	Until Duration `yaml:"until" json:"until,omitempty"`
}

// Effect is what a matching request gets; any combination.
type Effect struct {
	// Error answers with Plaid's error for Code (type, status and messages
	// from the catalogue unless overridden).
	Error *Error `yaml:"error" json:"error,omitempty"`
	// Latency delays the answer: Fixed plus up to Jitter, drawn from the seed.
	Latency *Latency `yaml:"latency" json:"latency,omitempty"`
	// Fault is an HTTP-level failure: connection_reset, empty_reply,
	// truncated_json or html_502 (a proxy's error page).
	Fault string `yaml:"fault" json:"fault,omitempty"`
	// ItemState puts the Item in that error state (and sends its webhook):
	// ITEM_LOGIN_REQUIRED, PENDING_EXPIRATION, PENDING_DISCONNECT,
	// USER_PERMISSION_REVOKED, or HEALTHY to clear it.
	ItemState string `yaml:"item_state" json:"item_state,omitempty"`
	// Webhook sends a webhook about the Item.
	Webhook *Webhook `yaml:"webhook" json:"webhook,omitempty"`
	// TransferDecline declines a matching /transfer/authorization/create
	// (or /transfer/recurring/create) with this decision_rationale code.
	TransferDecline string `yaml:"transfer_decline" json:"transfer_decline,omitempty"`
	// SignalResult is the result a matching /signal/evaluate's ruleset
	// gives (ACCEPT, REROUTE or REVIEW), when the call names a ruleset_key.
	SignalResult string `yaml:"signal_result" json:"signal_result,omitempty"`
	// Patch is a JSON Patch (RFC 6902) applied to the real answer of a
	// matching call that succeeds: a response shaped in seconds.
	Patch []PatchOp `yaml:"patch" json:"patch,omitempty"`
}

// PatchOp is one JSON Patch operation.
type PatchOp struct {
	Op    string `yaml:"op" json:"op"`
	Path  string `yaml:"path" json:"path"`
	From  string `yaml:"from" json:"from,omitempty"`
	Value any    `yaml:"value" json:"value,omitempty"`
	// HasValue says value was given (null is a value).
	HasValue bool `yaml:"-" json:"-"`
}

// UnmarshalYAML notes whether value was given, so null can be set.
func (p *PatchOp) UnmarshalYAML(n *yaml.Node) error {
	type plain PatchOp
	if err := n.Decode((*plain)(p)); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "value" {
			p.HasValue = true
		}
	}
	return nil
}

// UnmarshalJSON notes whether value was given (a scenario kept with --state).
func (p *PatchOp) UnmarshalJSON(b []byte) error {
	type plain PatchOp
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	_, p.HasValue = raw["value"]
	return json.Unmarshal(b, (*plain)(p))
}

// MarshalJSON writes value when it was given, null included.
func (p PatchOp) MarshalJSON() ([]byte, error) {
	m := map[string]any{"op": p.Op, "path": p.Path}
	if p.From != "" {
		m["from"] = p.From
	}
	if p.HasValue || p.Value != nil {
		m["value"] = p.Value
	}
	return json.Marshal(m)
}

// Error is an error effect.
type Error struct {
	Code           string  `yaml:"code" json:"code"`
	Type           string  `yaml:"type" json:"type,omitempty"`
	Status         int     `yaml:"status" json:"status,omitempty"`
	Message        string  `yaml:"message" json:"message,omitempty"`
	DisplayMessage *string `yaml:"display_message" json:"display_message,omitempty"`
}

// Latency is a delay effect.
type Latency struct {
	Fixed  Duration `yaml:"fixed" json:"fixed,omitempty"`
	Jitter Duration `yaml:"jitter" json:"jitter,omitempty"`
}

// Webhook is a webhook effect.
type Webhook struct {
	Type string `yaml:"type" json:"type"`
	Code string `yaml:"code" json:"code"`
}

// Duration is a time.Duration written as a Go duration string ("250ms", "720h").
type Duration time.Duration

// UnmarshalText parses a Go duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 250ms or 720h", b)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes a Go duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// Faults and item states a rule may name.
var (
	Faults     = []string{"connection_reset", "empty_reply", "truncated_json", "html_502"}
	ItemStates = []string{"ITEM_LOGIN_REQUIRED", "PENDING_EXPIRATION", "PENDING_DISCONNECT", "USER_PERMISSION_REVOKED", "HEALTHY"}
)

//go:embed library/*.yaml
var libraryFS embed.FS

// Library returns the built-in scenarios.
func Library() []Scenario {
	sub, _ := fs.Sub(libraryFS, "library")
	out, err := Load(sub, nil)
	if err != nil {
		panic("scenarios: embedded library is invalid: " + err.Error())
	}
	return out
}

// Load reads every YAML file at the root of fsys (name order), strictly,
// and checks it; knownCode says which error codes exist (nil: any).
func Load(fsys fs.FS, knownCode func(string) bool) ([]Scenario, error) {
	names, err := fixtures.YAMLFiles(fsys)
	if err != nil {
		return nil, err
	}
	var out []Scenario
	var probs fixtures.Problems
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		got, ps := Parse(name, data, knownCode)
		probs = append(probs, ps...)
		out = append(out, got...)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return out, nil
}

// Parse decodes and checks one YAML (or JSON, which is YAML) document.
func Parse(name string, data []byte, knownCode func(string) bool) ([]Scenario, fixtures.Problems) {
	var f File
	if probs := fixtures.DecodeStrict(name, data, &f); probs != nil {
		return nil, probs
	}
	if probs := fixtures.ProblemsAt(name, data, f.check(knownCode)); len(probs) > 0 {
		return nil, probs
	}
	return f.Scenarios, nil
}

func (f *File) check(knownCode func(string) bool) []fixtures.Violation {
	var vs []fixtures.Violation
	add := func(p, format string, args ...any) {
		vs = append(vs, fixtures.Violation{Path: p, Msg: fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	for i, sc := range f.Scenarios {
		p := fmt.Sprintf("scenarios[%d]", i)
		if sc.Name == "" {
			add(p+".name", "is required")
		} else if seen[sc.Name] {
			add(p+".name", "%q appears twice", sc.Name)
		}
		seen[sc.Name] = true
		if len(sc.Rules) == 0 {
			add(p+".rules", "needs at least one rule")
		}
		names := map[string]bool{}
		for _, r := range sc.Rules {
			if r.Name != "" {
				names[r.Name] = true
			}
		}
		for j, r := range sc.Rules {
			rp := fmt.Sprintf("%s.rules[%d]", p, j)
			if r.After != "" && !names[r.After] {
				add(rp+".after", "no rule named %q in this scenario", r.After)
			}
			for k, pat := range r.Match.Paths {
				if _, err := path.Match(strings.TrimSuffix(pat, "/**"), "/"); err != nil || !strings.HasPrefix(pat, "/") {
					add(fmt.Sprintf("%s.match.paths[%d]", rp, k), "%q is not a path or glob starting with /", pat)
				}
			}
			m := r.Match
			if m.Probability < 0 || m.Probability > 1 {
				add(rp+".match.probability", "must be between 0 and 1")
			}
			if m.Call < 0 || m.AfterCalls < 0 || m.EveryCalls < 0 || m.Times < 0 {
				add(rp+".match", "call counts cannot be negative")
			}
			e := r.Effect
			if e.Error == nil && e.Latency == nil && e.Fault == "" && e.ItemState == "" && e.Webhook == nil && e.TransferDecline == "" && e.SignalResult == "" && len(e.Patch) == 0 {
				add(rp+".effect", "needs at least one of error, latency, fault, item_state, webhook, transfer_decline, signal_result, patch")
			}
			if e.Error != nil && (e.Error.Code == "" || (knownCode != nil && e.Error.Type == "" && !knownCode(e.Error.Code))) {
				add(rp+".effect.error.code", "%q is not an error code the emulator knows (give type and status for your own)", e.Error.Code)
			}
			if e.Fault != "" && !slices.Contains(Faults, e.Fault) {
				add(rp+".effect.fault", "%q is not one of %s", e.Fault, strings.Join(Faults, ", "))
			}
			if e.ItemState != "" && !slices.Contains(ItemStates, e.ItemState) {
				add(rp+".effect.item_state", "%q is not one of %s", e.ItemState, strings.Join(ItemStates, ", "))
			}
			if e.TransferDecline != "" && !slices.Contains(fixtures.TransferDeclines, e.TransferDecline) {
				add(rp+".effect.transfer_decline", "%q is not one of %s", e.TransferDecline, strings.Join(fixtures.TransferDeclines, ", "))
			}
			for k, op := range e.Patch {
				if msg := op.problem(); msg != "" {
					add(fmt.Sprintf("%s.effect.patch[%d]", rp, k), "%s", msg)
				}
			}
			if e.SignalResult != "" && !slices.Contains(fixtures.SignalResults, e.SignalResult) {
				add(rp+".effect.signal_result", "%q is not one of %s", e.SignalResult, strings.Join(fixtures.SignalResults, ", "))
			}
			if e.Webhook != nil && (e.Webhook.Type == "" || e.Webhook.Code == "") {
				add(rp+".effect.webhook", "needs type and code")
			}
		}
	}
	return vs
}

// patchOps are the JSON Patch operations.
var patchOps = []string{"add", "remove", "replace", "move", "copy", "test"}

// problem says what is wrong with the operation ("" when nothing).
func (p PatchOp) problem() string {
	switch {
	case !slices.Contains(patchOps, p.Op):
		return fmt.Sprintf("op %q is not one of %s", p.Op, strings.Join(patchOps, ", "))
	case p.Path != "" && !strings.HasPrefix(p.Path, "/"):
		return fmt.Sprintf("path %q is not a JSON pointer (it starts with /, as /accounts/0/balances/available)", p.Path)
	case (p.Op == "add" || p.Op == "replace" || p.Op == "test") && !p.HasValue:
		return p.Op + " needs a value"
	case (p.Op == "move" || p.Op == "copy") && !strings.HasPrefix(p.From, "/"):
		return p.Op + " needs from, a JSON pointer"
	}
	return ""
}
