package scenarios_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

func TestLibraryLoads(t *testing.T) {
	lib := scenarios.Library()
	want := []string{"login-required-after-3-calls", "institution-down", "institution-degraded", "rate-limited",
		"product-not-ready-for-a-while", "flaky-5-percent", "slow-bank", "permission-revoked", "pending-disconnect"}
	if len(lib) != len(want) {
		t.Fatalf("%d built-in scenarios, want %d", len(lib), len(want))
	}
	for i, w := range want {
		if lib[i].Name != w || lib[i].Description == "" {
			t.Errorf("scenario %d = %q", i, lib[i].Name)
		}
	}
}

func TestMatchPath(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/auth/get", "/auth/get", true},
		{"/auth/get", "/auth/get/x", false},
		{"/transactions/*", "/transactions/sync", true},
		{"/transactions/*", "/processor/transactions/sync", false},
		{"/processor/**", "/processor/transactions/sync", true},
		{"/processor/**", "/processorx", false},
		{"/**", "/anything/at/all", true},
	} {
		if got := scenarios.MatchPath(tc.pattern, tc.path); got != tc.want {
			t.Errorf("MatchPath(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}

func TestLoadReportsFileLineField(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte("scenarios:\n  - name: x\n    rules:\n      - match: {paths: [\"/auth/get\"]}\n        effect: {fault: explode}\n")},
		"b.yaml": {Data: []byte("scenarios:\n  - name: y\n    rules:\n      - match: {pathz: [\"/a\"]}\n        effect: {latency: {fixed: 1s}}\n")},
		"c.yaml": {Data: []byte("scenarios:\n  - name: z\n    rules:\n      - after: nobody\n        effect: {error: {code: NOT_A_CODE}}\n")},
		"d.yaml": {Data: []byte("scenarios:\n  - name: w\n    rules:\n      - match: {paths: [\"/transfer/authorization/create\"]}\n        effect: {transfer_decline: BROKE}\n")},
	}
	_, err := scenarios.Load(fsys, func(c string) bool { return c == "ITEM_LOCKED" })
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`a.yaml:5: scenarios[0].rules[0].effect.fault: "explode" is not one of`,
		`b.yaml:4: pathz: unknown field`,
		`c.yaml:4: scenarios[0].rules[0].after: no rule named "nobody"`,
		`c.yaml:5: scenarios[0].rules[0].effect.error.code: "NOT_A_CODE"`,
		`d.yaml:5: scenarios[0].rules[0].effect.transfer_decline: "BROKE" is not one of NSF, RISK, TRANSFER_LIMIT_REACHED`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}
