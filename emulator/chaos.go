package emulator

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// chaos holds the known scenarios, the active ones with their counters,
// and the seeded generator probabilities draw from. Matching is skipped
// entirely while nothing is active; otherwise a per-path cache of the
// rules that can apply keeps unrelated rules off the request's path.
type chaos struct {
	mu      sync.Mutex
	known   map[string]scenarios.Scenario
	active  []*activation
	nextID  int
	rng     *rand.Rand
	pcg     *rand.PCG // rng's source, saved with the state
	seed    int64
	changed func()               // called after every change (for --state saving)
	cache   map[string][]ruleRef // path → candidate rules of active scenarios
	enabled atomic.Bool          // any scenario active
}

// activation is one scenario switched on, optionally for one Item or client.
type activation struct {
	ID       int    `json:"id"`
	Scenario string `json:"scenario"`
	ItemID   string `json:"item_id,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	sc       scenarios.Scenario
	fired    map[string]bool
	calls    []int
	hits     []int
}

type ruleRef struct {
	act  *activation
	rule int
}

// reqInfo is what rules match on, resolved once per request.
type reqInfo struct {
	path, clientID, institutionID, username, itemID string
	accountIDs                                      []string
	itemCreated                                     time.Time
	hasItem                                         bool
	item                                            item
	now                                             time.Time
}

// decision is what the matching rules do to one request.
type decision struct {
	err         *scenarios.Error
	latency     time.Duration
	fault       string
	itemStates  []string
	webhooks    []scenarios.Webhook
	scenario    string // the first scenario and rule that applied, for the journal
	rule        string
	errScenario string
}

func newChaos(seed int64) *chaos {
	c := &chaos{known: map[string]scenarios.Scenario{}, seed: seed, changed: func() {}}
	c.resetLocked()
	for _, sc := range scenarios.Library() {
		c.known[sc.Name] = sc
	}
	return c
}

func (ch *chaos) resetLocked() {
	ch.active, ch.cache = nil, map[string][]ruleRef{}
	ch.pcg = rand.NewPCG(uint64(ch.seed), 0xc4a05)
	ch.rng = rand.New(ch.pcg)
	ch.enabled.Store(false)
}

// reset deactivates everything and restarts the generator; loaded
// scenarios stay known.
func (ch *chaos) reset() {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.resetLocked()
}

// add makes scenarios known (replacing any of the same name).
func (ch *chaos) add(list []scenarios.Scenario) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for _, sc := range list {
		ch.known[sc.Name] = sc
	}
	ch.changed()
}

// activate switches a known scenario on; false if unknown.
func (ch *chaos) activate(name, itemID, clientID string) (activation, bool) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	sc, ok := ch.known[name]
	if !ok {
		return activation{}, false
	}
	ch.nextID++
	a := &activation{ID: ch.nextID, Scenario: name, ItemID: itemID, ClientID: clientID, sc: sc, fired: map[string]bool{},
		calls: make([]int, len(sc.Rules)), hits: make([]int, len(sc.Rules))}
	ch.active = append(ch.active, a)
	ch.cache = map[string][]ruleRef{}
	ch.enabled.Store(true)
	ch.changed()
	return *a, true
}

// deactivate switches off activations of name (all when name is "").
func (ch *chaos) deactivate(name string) int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	kept := ch.active[:0]
	n := 0
	for _, a := range ch.active {
		if name != "" && a.Scenario != name {
			kept = append(kept, a)
			continue
		}
		n++
	}
	ch.active = kept
	ch.cache = map[string][]ruleRef{}
	ch.enabled.Store(len(kept) > 0)
	ch.changed()
	return n
}

// list returns the known scenarios by name and the active ones.
func (ch *chaos) list() ([]scenarios.Scenario, []activation) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	var known []scenarios.Scenario
	for _, sc := range ch.known {
		known = append(known, sc)
	}
	sort.Slice(known, func(i, j int) bool { return known[i].Name < known[j].Name })
	act := make([]activation, len(ch.active))
	for i, a := range ch.active {
		act[i] = *a
	}
	return known, act
}

// candidatesLocked are the active rules whose paths can match p.
func (ch *chaos) candidatesLocked(p string) []ruleRef {
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

// evaluate runs the active scenarios, and the one named by the request
// header (fresh counters, this request only), against a request.
func (ch *chaos) evaluate(info func() *reqInfo, path, header string) *decision {
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
			a := &activation{Scenario: header, sc: sc, fired: map[string]bool{}, calls: make([]int, len(sc.Rules)), hits: make([]int, len(sc.Rules))}
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
		if d.scenario == "" {
			d.scenario, d.rule = a.Scenario, ruleName(r, ref.rule)
		}
		e := r.Effect
		if e.Error != nil && d.err == nil && d.fault == "" {
			d.err, d.errScenario = e.Error, a.Scenario
		}
		if e.Fault != "" && d.fault == "" && d.err == nil {
			d.fault = e.Fault
		}
		if e.Latency != nil {
			d.latency += time.Duration(e.Latency.Fixed)
			if j := time.Duration(e.Latency.Jitter); j > 0 {
				d.latency += time.Duration(ch.rng.Int64N(int64(j)))
			}
		}
		if e.ItemState != "" {
			d.itemStates = append(d.itemStates, e.ItemState)
		}
		if e.Webhook != nil {
			d.webhooks = append(d.webhooks, *e.Webhook)
		}
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
func (ch *chaos) matchLocked(a *activation, i int, r *scenarios.Rule, in *reqInfo) bool {
	m := &r.Match
	switch {
	case a.ItemID != "" && a.ItemID != in.itemID,
		a.ClientID != "" && a.ClientID != in.clientID,
		r.After != "" && !a.fired[r.After],
		m.ClientID != "" && m.ClientID != in.clientID,
		m.InstitutionID != "" && m.InstitutionID != in.institutionID,
		m.Username != "" && m.Username != in.username,
		m.ItemID != "" && m.ItemID != in.itemID,
		m.AccountID != "" && !contains(in.accountIDs, m.AccountID):
		return false
	}
	if w := m.ItemAge; w != nil {
		if !in.hasItem {
			return false
		}
		age := in.now.Sub(in.itemCreated)
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
