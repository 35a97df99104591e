package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// TestScenarioPatchAppliesOrSaysWhy: a scenario's patch changes the real
// answer (header and journal say "applied"); one that cannot apply leaves
// the answer as it was and says so in the header and the journal, never
// silently; an error answer is not patched.
func TestScenarioPatchAppliesOrSaysWhy(t *testing.T) {
	scs, probs := scenarios.Parse("s.yaml", []byte(`scenarios:
  - name: zero
    rules:
      - match: {paths: [/accounts/balance/get]}
        effect: {patch: [{op: replace, path: /accounts/0/balances/available, value: 0}, {op: add, path: /accounts/0/balances/limit, value: 5}]}
  - name: missing
    rules:
      - match: {paths: [/accounts/get]}
        effect: {patch: [{op: replace, path: /accounts/40/name, value: x}]}
  - name: breaks
    rules:
      - match: {paths: [/auth/get]}
        effect: {patch: [{op: remove, path: /item}, {op: replace, path: /numbers/ach/0/account, value: 12}]}
`), emulator.KnownCode)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	e := newEnv(t, func(o *emulator.Options) { o.Scenarios = scs })
	it := e.link("ins_109508", []string{"auth"}, nil)
	for _, name := range []string{"zero", "missing", "breaks"} {
		e.do(http.MethodPost, "/_emulator/scenarios", http.Header{"Content-Type": {"application/json"}}, map[string]any{"activate": name})
	}
	send := func(path string, body map[string]any) (*http.Response, map[string]any) {
		resp, raw := e.send(e.client, path, mustJSON(body))
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp, out
	}
	resp, bal := send("/accounts/balance/get", map[string]any{"access_token": it.accessToken})
	b := obj(obj(list(bal["accounts"])[0])["balances"])
	if resp.Header.Get("Plaid-Emulator-Patch") != "applied" || b["available"] != float64(0) || b["limit"] != float64(5) {
		t.Fatalf("patched balance: %s %v", resp.Header.Get("Plaid-Emulator-Patch"), b)
	}
	resp, accts := send("/accounts/get", map[string]any{"access_token": it.accessToken})
	if h := resp.Header.Get("Plaid-Emulator-Patch"); !strings.HasPrefix(h, "failed: ") || len(list(accts["accounts"])) == 0 || obj(list(accts["accounts"])[0])["name"] == "x" {
		t.Fatalf("an unappliable patch: header %q, answer %v", h, accts)
	}
	resp, _ = send("/accounts/balance/get", map[string]any{"access_token": "access-sandbox-nope"})
	if resp.StatusCode != 400 || resp.Header.Get("Plaid-Emulator-Patch") != "" {
		t.Fatalf("an error answer was patched: %d %q", resp.StatusCode, resp.Header.Get("Plaid-Emulator-Patch"))
	}
	// A patched answer the spec's schema refuses is sent as patched, and flagged
	// (read without the spec-checking transport, which would refuse it too).
	resp, raw := e.send(http.DefaultClient, "/auth/get", mustJSON(map[string]any{"access_token": it.accessToken}))
	if h := resp.Header.Get("Plaid-Emulator-Patch"); h != "applied; breaks the spec: item is required" || strings.Contains(string(raw), `"item"`) {
		t.Fatalf("a patch that breaks the spec: header %q, answer %s", h, raw)
	}
	journal := list(e.do(http.MethodGet, "/_emulator/requests?status=200", http.Header{}, nil).body["requests"])
	marks := map[string]string{}
	for _, r := range journal {
		if p, ok := obj(r)["patch"].(string); ok {
			marks[obj(r)["path"].(string)] = p
		}
	}
	if marks["/accounts/balance/get"] != "applied" || !strings.HasPrefix(marks["/accounts/get"], "failed: a path of the patch is not in this answer") ||
		marks["/auth/get"] != "applied; breaks the spec: item is required" {
		t.Fatalf("journal marks: %v", marks)
	}
	if _, probs := scenarios.Parse("bad.yaml", []byte("scenarios:\n  - name: b\n    rules:\n      - effect: {patch: [{op: replace, path: accounts}]}\n"), nil); len(probs) != 1 ||
		!strings.Contains(probs.Error(), "not a JSON pointer") {
		t.Fatalf("a bad patch at load: %v", probs)
	}
}
