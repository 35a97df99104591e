package chaos

import (
	"maps"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// What --state and named snapshots keep of the engine.

// SavedActivation is an active scenario as kept with --state.
type SavedActivation struct {
	ID       int
	Scenario string
	ItemID   string
	ClientID string
	Fired    map[string]bool
	Calls    []int
	Hits     []int
}

// Snapshot returns copies of the known scenarios, the active ones with
// their counters, and the next activation id.
func (ch *Engine) Snapshot() ([]scenarios.Scenario, []SavedActivation, int, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	var known []scenarios.Scenario
	for _, sc := range ch.known {
		known = append(known, sc)
	}
	var active []SavedActivation
	for _, a := range ch.active {
		active = append(active, SavedActivation{a.ID, a.Scenario, a.ItemID, a.ClientID, maps.Clone(a.fired), slices.Clone(a.calls), slices.Clone(a.hits)})
	}
	return known, active, ch.nextID, nil
}

// RNGState is the random source's state, for --state.
func (ch *Engine) RNGState() ([]byte, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.pcg.MarshalBinary()
}

// Restore adds saved scenarios and re-activates saved activations (those
// whose scenario is known with the same rules).
func (ch *Engine) Restore(known []scenarios.Scenario, active []SavedActivation, next int, rng []byte) {
	ch.Add(known)
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for _, a := range active {
		sc, ok := ch.known[a.Scenario]
		if !ok || len(a.Calls) != len(sc.Rules) {
			continue
		}
		ch.active = append(ch.active, &Activation{ID: a.ID, Scenario: a.Scenario, ItemID: a.ItemID, ClientID: a.ClientID, sc: sc,
			fired: a.Fired, calls: a.Calls, hits: a.Hits})
	}
	ch.nextID = next
	if len(rng) > 0 {
		_ = ch.pcg.UnmarshalBinary(rng)
	}
	ch.cache = map[string][]ruleRef{}
	ch.enabled.Store(len(ch.active) > 0)
}
