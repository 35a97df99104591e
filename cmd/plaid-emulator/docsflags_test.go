package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docs/configuration.md's flag table lists every flag of serve, each with
// its environment twin and its default, and no flag that does not exist.
func TestConfigurationPageListsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	run(context.Background(), []string{"serve", "--help"}, func(string) string { return "" }, &out, &out)
	flags := map[string]string{} // name → default ("" for none)
	var last string
	for _, line := range strings.Split(out.String(), "\n") {
		if m := regexp.MustCompile(`^  -([a-z-]+)`).FindStringSubmatch(line); m != nil {
			last = m[1]
			flags[last] = ""
		} else if m := regexp.MustCompile(`\(default "?([^")]*)"?\)$`).FindStringSubmatch(line); m != nil && last != "" {
			flags[last] = m[1]
		}
	}
	if len(flags) < 25 {
		t.Fatalf("serve --help lists %d flags:\n%s", len(flags), out.String())
	}
	page, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, row := range strings.Split(string(page), "\n") {
		if !strings.HasPrefix(row, "| `--") {
			continue
		}
		cells := strings.Split(row, " | ")
		if len(cells) < 4 {
			t.Errorf("a flag row without four cells: %s", row)
			continue
		}
		for _, m := range regexp.MustCompile("`--([a-z-]+)").FindAllStringSubmatch(cells[0], -1) {
			name := m[1]
			documented[name] = true
			def, ok := flags[name]
			if !ok {
				t.Errorf("docs/configuration.md documents --%s, which serve does not have", name)
				continue
			}
			twin := "PLAID_EMULATOR_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
			if !strings.Contains(cells[1], twin) {
				t.Errorf("--%s: the page gives twin %s, want %s", name, cells[1], twin)
			}
			if def != "" && def != "false" && !strings.Contains(cells[2], def) {
				t.Errorf("--%s: the page gives default %s, serve's is %q", name, cells[2], def)
			}
		}
	}
	for name := range flags {
		if !documented[name] {
			t.Errorf("serve has --%s, which docs/configuration.md does not document", name)
		}
	}
}
