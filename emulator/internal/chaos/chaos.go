// Package chaos is what bends the emulator on purpose and what watches it:
// scenario rules matched against requests, Plaid's rate limits on the
// emulator clock, and the bounded request journal. It decides; the emulator
// applies the decision (errors, latency, faults, Item states, webhooks).
package chaos

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// Engine holds the known scenarios, the active ones with their counters,
// and the seeded generator probabilities draw from. Matching is skipped
// entirely while nothing is active; otherwise a per-path cache of the
// rules that can apply keeps unrelated rules off the request's path.
type Engine struct {
	mu      sync.Mutex
	known   map[string]scenarios.Scenario
	active  []*Activation
	nextID  int
	rng     *rand.Rand
	pcg     *rand.PCG // rng's source, saved with the state
	seed    int64
	changed func()               // called after every change (for --state saving)
	cache   map[string][]ruleRef // path → candidate rules of active scenarios
	enabled atomic.Bool          // any scenario active
}

// Activation is one scenario switched on, optionally for one Item or client.
type Activation struct {
	ID       int    `json:"id"`
	Scenario string `json:"scenario"`
	ItemID   string `json:"item_id,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	// RuleCalls and RuleHits count, per rule, the requests it was tried on
	// and those it fired on (copies, in List's answer).
	RuleCalls []int `json:"rule_calls"`
	RuleHits  []int `json:"rule_hits"`
	sc        scenarios.Scenario
	fired     map[string]bool
	calls     []int
	hits      []int
}

type ruleRef struct {
	act  *Activation
	rule int
}

// Request is what rules match on, resolved once per request.
type Request struct {
	Path, ClientID, InstitutionID, Username, ItemID string
	AccountIDs                                      []string
	ItemCreated                                     time.Time
	HasItem                                         bool
	Now                                             time.Time
}

// decision is what the matching rules do to one request.
type decision struct {
	Err        *scenarios.Error
	Latency    time.Duration
	Fault      string
	ItemStates []string
	Webhooks   []scenarios.Webhook
	// TransferDecline is the first transfer_decline that applied.
	TransferDecline string
	// SignalResult is the first signal_result that applied.
	SignalResult string
	// Patch is every patch that applied, in rule order, for the answer.
	Patch       []scenarios.PatchOp
	Scenario    string // the first scenario and rule that applied, for the journal
	Rule        string
	errScenario string
}

// library is the built-in scenarios, parsed once (never changed after).
var library = sync.OnceValue(scenarios.Library)

func New(seed int64) *Engine {
	c := &Engine{known: map[string]scenarios.Scenario{}, seed: seed, changed: func() {}}
	c.resetLocked()
	for _, sc := range library() {
		c.known[sc.Name] = sc
	}
	return c
}

func (ch *Engine) resetLocked() {
	ch.active, ch.cache = nil, map[string][]ruleRef{}
	ch.pcg = rand.NewPCG(uint64(ch.seed), 0xc4a05)
	ch.rng = rand.New(ch.pcg)
	ch.enabled.Store(false)
}

// Reset deactivates everything and restarts the generator; loaded
// scenarios stay known.
func (ch *Engine) Reset() {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.resetLocked()
}

// LastID is the id of the last activation made (0: none yet).
func (ch *Engine) LastID() int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.nextID
}

// Add makes scenarios known (replacing any of the same name).
func (ch *Engine) Add(list []scenarios.Scenario) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for _, sc := range list {
		ch.known[sc.Name] = sc
	}
	ch.changed()
}

// Activate switches a known scenario on; false if unknown.
func (ch *Engine) Activate(name, itemID, clientID string) (Activation, bool) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	sc, ok := ch.known[name]
	if !ok {
		return Activation{}, false
	}
	ch.nextID++
	a := &Activation{ID: ch.nextID, Scenario: name, ItemID: itemID, ClientID: clientID, sc: sc, fired: map[string]bool{},
		calls: make([]int, len(sc.Rules)), hits: make([]int, len(sc.Rules))}
	ch.active = append(ch.active, a)
	ch.cache = map[string][]ruleRef{}
	ch.enabled.Store(true)
	ch.changed()
	return *a, true
}

// Deactivate switches off activations of name (all when name is "").
func (ch *Engine) Deactivate(name string) int {
	return ch.deactivate(func(a *Activation) bool { return name == "" || a.Scenario == name })
}

// DeactivateClient switches off the activations scoped to one client.
func (ch *Engine) DeactivateClient(clientID string) int {
	return ch.deactivate(func(a *Activation) bool { return a.ClientID == clientID })
}

// deactivate switches off the activations off says, and counts them.
func (ch *Engine) deactivate(off func(*Activation) bool) int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	n := len(ch.active)
	ch.active = slices.DeleteFunc(ch.active, off)
	n -= len(ch.active)
	ch.cache = map[string][]ruleRef{}
	ch.enabled.Store(len(ch.active) > 0)
	ch.changed()
	return n
}

// List returns the known scenarios by name and the active ones.
func (ch *Engine) List() ([]scenarios.Scenario, []Activation) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	var known []scenarios.Scenario
	for _, sc := range ch.known {
		known = append(known, sc)
	}
	sort.Slice(known, func(i, j int) bool { return known[i].Name < known[j].Name })
	act := make([]Activation, len(ch.active))
	for i, a := range ch.active {
		act[i] = *a
		act[i].RuleCalls, act[i].RuleHits = slices.Clone(a.calls), slices.Clone(a.hits)
	}
	return known, act
}

// candidatesLocked are the active rules whose paths can match p.
func (ch *Engine) candidatesLocked(p string) []ruleRef {
	if refs, ok := ch.cache[p]; ok {
		return refs
	}
	var refs []ruleRef
	for _, a := range ch.active {
		for i, r := range a.sc.Rules {
			if pathsMatch(r.Match.Paths, p) {
				refs = append(refs, ruleRef{a, i})
			}
		}
	}
	ch.cache[p] = refs
	return refs
}

func pathsMatch(patterns []string, p string) bool {
	if len(patterns) == 0 {
		return true
	}
	for _, pat := range patterns {
		if scenarios.MatchPath(pat, p) {
			return true
		}
	}
	return false
}

// Evaluate runs the active scenarios, and the one named by the request
// header (fresh counters, this request only), against a request.
func (ch *Engine) Evaluate(info func() *Request, path, header string) *decision {
	if !ch.enabled.Load() && header == "" {
		return nil
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	var refs []ruleRef
	if ch.enabled.Load() {
		refs = ch.candidatesLocked(path)
	}
	if header != "" {
		if sc, ok := ch.known[header]; ok {
			a := &Activation{Scenario: header, sc: sc, fired: map[string]bool{}, calls: make([]int, len(sc.Rules)), hits: make([]int, len(sc.Rules))}
			for i, r := range sc.Rules {
				if pathsMatch(r.Match.Paths, path) {
					refs = append(refs, ruleRef{a, i})
				}
			}
		}
	}
	if len(refs) == 0 {
		return nil
	}
	in := info()
	ch.changed() // rule counters move
	var d *decision
	for _, ref := range refs {
		a, r := ref.act, &ref.act.sc.Rules[ref.rule]
		if !ch.matchLocked(a, ref.rule, r, in) {
			continue
		}
		if d == nil {
			d = &decision{}
		}
		if d.Scenario == "" {
			d.Scenario, d.Rule = a.Scenario, ruleName(r, ref.rule)
		}
		e := r.Effect
		if e.Error != nil && d.Err == nil && d.Fault == "" {
			d.Err, d.errScenario = e.Error, a.Scenario
		}
		if e.Fault != "" && d.Fault == "" && d.Err == nil {
			d.Fault = e.Fault
		}
		if e.Latency != nil {
			d.Latency += time.Duration(e.Latency.Fixed)
			if j := time.Duration(e.Latency.Jitter); j > 0 {
				d.Latency += time.Duration(ch.rng.Int64N(int64(j)))
			}
		}
		if e.ItemState != "" {
			d.ItemStates = append(d.ItemStates, e.ItemState)
		}
		if e.Webhook != nil {
			d.Webhooks = append(d.Webhooks, *e.Webhook)
		}
		if d.TransferDecline == "" {
			d.TransferDecline = e.TransferDecline
		}
		if d.SignalResult == "" {
			d.SignalResult = e.SignalResult
		}
		d.Patch = append(d.Patch, e.Patch...)
	}
	return d
}

func ruleName(r *scenarios.Rule, i int) string {
	if r.Name != "" {
		return r.Name
	}
	return "rules[" + strconv.Itoa(i) + "]"
}

// matchLocked checks one rule against a request and, if it fires, counts it.
func (ch *Engine) matchLocked(a *Activation, i int, r *scenarios.Rule, in *Request) bool {
	m := &r.Match
	switch {
	case a.ItemID != "" && a.ItemID != in.ItemID,
		a.ClientID != "" && a.ClientID != in.ClientID,
		r.After != "" && !a.fired[r.After],
		m.ClientID != "" && m.ClientID != in.ClientID,
		m.InstitutionID != "" && m.InstitutionID != in.InstitutionID,
		m.Username != "" && m.Username != in.Username,
		m.ItemID != "" && m.ItemID != in.ItemID,
		m.AccountID != "" && !contains(in.AccountIDs, m.AccountID):
		return false
	}
	if w := m.ItemAge; w != nil {
		if !in.HasItem {
			return false
		}
		age := in.Now.Sub(in.ItemCreated)
		if age < time.Duration(w.From) || (w.Until != 0 && age >= time.Duration(w.Until)) {
			return false
		}
	}
	a.calls[i]++
	n := a.calls[i]
	switch {
	case m.Call > 0 && n != m.Call,
		m.AfterCalls > 0 && n <= m.AfterCalls,
		m.EveryCalls > 0 && n%m.EveryCalls != 0,
		m.Times > 0 && a.hits[i] >= m.Times:
		return false
	}
	if m.Probability > 0 && ch.rng.Float64() >= m.Probability {
		return false
	}
	a.hits[i]++
	a.fired[ruleName(r, i)] = true
	if r.Name != "" {
		a.fired[r.Name] = true
	}
	return true
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// SetOnChange names what to call after every change (for --state saving).
func (ch *Engine) SetOnChange(f func()) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.changed = f
}
