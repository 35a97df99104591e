package emulator_test

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// The docs' examples are tests. TestDocsExamples reads README.md and
// docs/*.md and checks every fenced block by its language and the
// directive in an HTML comment on the line before it:
//
//	<!-- docs-test: DIRECTIVES -->
//
// sh blocks run with bash against a live emulator (see docsrun_test.go);
// each "# → text" line must match, in order, the start of a line they
// print. Directives: "binary" (the plaid-emulator binary is on PATH) and
// "skip: reason" (the reason says what checks it instead).
//
// json blocks parse; with "user_custom" the block is a user_custom
// password and must make an Item. yaml blocks parse; with "fixtures" or
// "scenarios" they load as those files, strictly, and an emulator starts
// with them; "ci" marks a CI file (testdata/container/check.sh runs its
// health check). "file=PATH" on any block: the block appears in PATH as
// written, so a shown file cannot drift from the real one.

// docBlock is one fenced block of a docs page.
type docBlock struct {
	file       string // relative to the repository
	line       int    // of the opening fence
	lang, body string
	directives map[string]string
}

func (b docBlock) name() string { return b.file + ":" + strconv.Itoa(b.line) }

var (
	fenceRE     = regexp.MustCompile("^(\\s*)```([A-Za-z0-9_-]*)\\s*$")
	directiveRE = regexp.MustCompile(`^\s*<!-- docs-test: (.*) -->\s*$`)
)

// docPages lists the pages whose blocks are checked.
func docPages(t *testing.T) []string {
	pages, err := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	if err != nil || len(pages) < 10 {
		t.Fatalf("docs/*.md: %d pages, %v", len(pages), err)
	}
	return append([]string{filepath.Join("..", "README.md")}, pages...)
}

// parseDocBlocks returns the fenced blocks of a page, in order.
func parseDocBlocks(t *testing.T, path string) []docBlock {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel("..", path)
	lines := strings.Split(string(raw), "\n")
	var out []docBlock
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b := docBlock{file: filepath.ToSlash(rel), line: i + 1, lang: m[2], directives: map[string]string{}}
		for j := i - 1; j >= 0; j-- {
			if strings.TrimSpace(lines[j]) == "" {
				continue
			}
			if d := directiveRE.FindStringSubmatch(lines[j]); d != nil {
				b.directives = parseDirectives(d[1])
			}
			break
		}
		var body []string
		closed := false
		for i++; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "```" {
				closed = true
				break
			}
			body = append(body, strings.TrimPrefix(lines[i], m[1]))
		}
		if !closed {
			t.Fatalf("%s: a block that never closes", b.name())
		}
		b.body = strings.Join(body, "\n") + "\n"
		out = append(out, b)
	}
	return out
}

// parseDirectives reads "a b=c skip: words…" into a map.
func parseDirectives(s string) map[string]string {
	out := map[string]string{}
	if before, reason, ok := strings.Cut(s, "skip:"); ok {
		out["skip"] = strings.TrimSpace(reason)
		s = before
	}
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		out[k] = v
	}
	return out
}

func TestDocsExamples(t *testing.T) {
	var all []docBlock
	for _, p := range docPages(t) {
		all = append(all, parseDocBlocks(t, p)...)
	}
	counts := map[string]int{}
	var skipped []string
	bin := &docsBinary{dir: t.TempDir()}
	for _, b := range all {
		if reason, ok := b.directives["skip"]; ok {
			if len(strings.Fields(reason)) < 3 {
				t.Errorf("%s: a skip needs its reason (what checks the block instead)", b.name())
			}
			skipped = append(skipped, b.name()+": "+reason)
			continue
		}
		if path, ok := b.directives["file"]; ok {
			checkInFile(t, b, path)
			counts["in file"]++
		}
		switch b.lang {
		case "sh", "bash":
			t.Run(b.name(), func(t *testing.T) { runShellBlock(t, bin, b) })
			counts["sh run"]++
		case "json":
			checkJSONBlock(t, b)
			counts["json"]++
		case "yaml", "yml":
			checkYAMLBlock(t, b)
			counts["yaml"]++
		case "go":
			checkGoBlock(t, b)
			counts["go (parsed)"]++
		case "js":
			if checkJSBlock(t, b) {
				counts["js (parsed)"]++
			} else {
				counts["js (read: no node)"]++
			}
		default:
			counts[b.lang+" (read)"]++
		}
	}
	t.Logf("doc blocks: %v; %d skipped:\n  %s", counts, len(skipped), strings.Join(skipped, "\n  "))
	if counts["sh run"] < 10 || counts["yaml"] < 8 || counts["json"] < 1 {
		t.Errorf("too few blocks checked (%v): did the pages or the fence syntax change?", counts)
	}
}

// checkInFile: the block's lines appear in path, in one run.
func checkInFile(t *testing.T, b docBlock, path string) {
	raw, err := os.ReadFile(filepath.Join("..", path))
	if err != nil {
		t.Errorf("%s: file=%s: %v", b.name(), path, err)
		return
	}
	norm := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			out = append(out, strings.TrimRight(l, " \t"))
		}
		return strings.Join(out, "\n")
	}
	if !strings.Contains(norm(string(raw)), strings.TrimSpace(norm(b.body))) {
		t.Errorf("%s: the block is not %s as written there (update the page)", b.name(), path)
	}
}

// checkGoBlock: a Go block parses, as a file's declarations or as a
// function's statements (a fragment), so a typo in an example fails.
func checkGoBlock(t *testing.T, b docBlock) {
	fset := token.NewFileSet()
	if _, err := parser.ParseFile(fset, "doc.go", "package doc\n"+b.body, 0); err == nil {
		return
	}
	if _, err := parser.ParseFile(fset, "doc.go", "package doc\nfunc _() {\n"+b.body+"\n}\n", 0); err != nil {
		t.Errorf("%s: the Go example does not parse: %v", b.name(), err)
	}
}

// checkJSBlock: a JavaScript block parses as an ES module (node --check),
// when node is installed (false when it is not).
func checkJSBlock(t *testing.T, b docBlock) bool {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Errorf("%s: node is not installed to check the JavaScript example", b.name())
		}
		return false
	}
	f := filepath.Join(t.TempDir(), "doc.mjs")
	if err := os.WriteFile(f, []byte(b.body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(node, "--check", f).CombinedOutput(); err != nil {
		t.Errorf("%s: the JavaScript example does not parse: %v\n%s", b.name(), err, out)
	}
	return true
}

func checkJSONBlock(t *testing.T, b docBlock) {
	dec := json.NewDecoder(strings.NewReader(b.body))
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		t.Errorf("%s: not one JSON value: %v", b.name(), err)
		return
	}
	if _, ok := b.directives["user_custom"]; ok {
		t.Run(b.name(), func(t *testing.T) { checkUserCustom(t, b.body, v) })
	}
}

// checkUserCustom makes an Item with the block as user_custom's password
// and checks it has the accounts the block asks for.
func checkUserCustom(t *testing.T, password string, v any) {
	e := newEnv(t)
	pt := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508",
		"initial_products": []string{"auth", "transactions", "identity"},
		"options":          map[string]any{"override_username": "user_custom", "override_password": password}}).ok(t)
	at := obj(e.call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).ok(t))["access_token"]
	want := list(obj(v)["override_accounts"])
	got := list(e.call("/accounts/get", map[string]any{"access_token": at}).ok(t)["accounts"])
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("the example asks for %d accounts, the Item has %d", len(want), len(got))
	}
	for i, a := range got {
		meta := obj(obj(want[i])["meta"])
		if name, ok := meta["name"]; ok && obj(a)["name"] != name {
			t.Errorf("account %d is %v, the example names it %v", i, obj(a)["name"], name)
		}
	}
}

func checkYAMLBlock(t *testing.T, b docBlock) {
	var v any
	if err := yaml.Unmarshal([]byte(b.body), &v); err != nil {
		t.Errorf("%s: not YAML: %v", b.name(), err)
		return
	}
	switch {
	case has(b, "fixtures"):
		set, err := fixtures.Load(fstest.MapFS{"doc.yaml": {Data: []byte(b.body)}})
		if err != nil {
			t.Errorf("%s: as a fixtures file: %v", b.name(), err)
			return
		}
		if _, err := emulator.New(emulator.Options{Fixtures: fixtures.Merge(fixtures.Default(), set)}); err != nil {
			t.Errorf("%s: an emulator with these fixtures: %v", b.name(), err)
		}
	case has(b, "scenarios"):
		list, probs := scenarios.Parse("doc.yaml", []byte(b.body), emulator.KnownCode)
		if len(probs) > 0 || len(list) == 0 {
			t.Errorf("%s: as a scenarios file: %d scenarios, %v", b.name(), len(list), probs)
			return
		}
		if _, err := emulator.New(emulator.Options{Scenarios: list}); err != nil {
			t.Errorf("%s: an emulator with these scenarios: %v", b.name(), err)
		}
	case has(b, "ci"):
		if !bytes.Contains([]byte(b.body), []byte("7777")) {
			t.Errorf("%s: a CI file that does not reach the emulator's port", b.name())
		}
	}
}

func has(b docBlock, k string) bool { _, ok := b.directives[k]; return ok }
