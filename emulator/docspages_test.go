package emulator_test

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// TestDocsLinks: every relative link of the README and the docs names a
// file that exists and, with a #fragment, a heading of that page.
func TestDocsLinks(t *testing.T) {
	linkRE := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	headings := map[string]map[string]bool{}
	anchorsOf := func(path string) map[string]bool {
		if h, ok := headings[path]; ok {
			return h
		}
		h := map[string]bool{}
		raw, _ := os.ReadFile(path)
		inBlock := false
		for _, line := range strings.Split(string(raw), "\n") {
			if fenceRE.MatchString(line) {
				inBlock = !inBlock
			}
			if title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && !inBlock && strings.HasPrefix(line, "#") {
				h[githubSlug(title)] = true
			}
		}
		headings[path] = h
		return h
	}
	for _, page := range docPages(t) {
		raw, _ := os.ReadFile(page)
		for _, m := range linkRE.FindAllStringSubmatch(string(raw), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, frag, _ := strings.Cut(target, "#")
			path := page
			if file != "" {
				path = filepath.Join(filepath.Dir(page), file)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s links to %s, which does not exist", page, target)
					continue
				}
			}
			if frag != "" && strings.HasSuffix(path, ".md") && !anchorsOf(path)[frag] {
				t.Errorf("%s links to %s: no such heading", page, target)
			}
		}
	}
}

// githubSlug is the anchor GitHub gives a heading.
func githubSlug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestConfigurationPageListsEveryAdminRoute: every /_emulator/* route of
// the route table is in docs/configuration.md's table (the Link page's
// and the dashboard's own script and style files aside).
func TestConfigurationPageListsEveryAdminRoute(t *testing.T) {
	routes := routeSource(t)
	page, err := os.ReadFile(filepath.Join("..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	found := regexp.MustCompile(`"(/_emulator/[^"]*)"`).FindAllStringSubmatch(string(routes), -1)
	if len(found) < 25 {
		t.Fatalf("the route files name %d /_emulator/ routes", len(found))
	}
	for _, m := range found {
		p := m[1]
		if strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".css") || p == "/_emulator/ui/" {
			continue // a page's own files
		}
		if strings.HasSuffix(p, "/") { // a folder of files: /_emulator/link/logo/{file}
			p += "{"
		}
		if !strings.Contains(string(page), "`"+p+"`") && !strings.Contains(string(page), " "+p+"`") && !strings.Contains(string(page), " "+p+"?") &&
			!(strings.HasSuffix(p, "{") && strings.Contains(string(page), " "+p)) {
			t.Errorf("%s is served but not in docs/configuration.md", p)
		}
	}
}

// TestDashboardPageListsEveryTrigger: docs/dashboard-cli.md names every
// trigger GET /_emulator/triggers lists.
func TestDashboardPageListsEveryTrigger(t *testing.T) {
	e := newEnv(t)
	page, err := os.ReadFile(filepath.Join("..", "docs", "dashboard-cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	r := e.do("GET", "/_emulator/triggers", nil, nil)
	triggers := list(r.body["triggers"])
	if len(triggers) < 10 {
		t.Fatalf("%d triggers: %s", len(triggers), r.raw)
	}
	for _, tr := range triggers {
		if name := obj(tr)["name"].(string); !strings.Contains(string(page), "`"+name+"`") {
			t.Errorf("trigger %s is not in docs/dashboard-cli.md", name)
		}
	}
}

// TestDocsNameEveryServedPath: every Plaid path the emulator serves is
// named on a docs page, in full (`/transfer/refund/create`) or as a
// sibling after one (`/get`, `…/withdraw/simulate`).
func TestDocsNameEveryServedPath(t *testing.T) {
	srv, err := emulator.New(emulator.Options{ProgramAPI: true})
	if err != nil {
		t.Fatal(err)
	}
	served := srv.PlaidPaths()
	roots := map[string]bool{}
	for _, p := range served {
		roots[strings.SplitN(p, "/", 3)[1]] = true
	}
	named := map[string]bool{}
	tokenRE := regexp.MustCompile("`(…?/[a-z_/{}]+)`")
	for _, page := range docPages(t) {
		if filepath.Base(page) == "coverage.md" {
			continue // generated from the route table: it names every path, described or not
		}
		raw, _ := os.ReadFile(page)
		for _, line := range strings.Split(string(raw), "\n") {
			prev := ""
			for _, m := range tokenRE.FindAllStringSubmatch(line, -1) {
				tok := strings.TrimPrefix(m[1], "…")
				if roots[strings.SplitN(tok, "/", 3)[1]] && !strings.HasPrefix(m[1], "…") {
					named[tok], prev = true, tok
					continue
				}
				for dir := path.Dir(prev); prev != "" && dir != "/"; dir = path.Dir(dir) {
					named[dir+tok] = true // a sibling of an ancestor of the path before it
				}
			}
		}
	}
	for _, p := range served {
		if !named[p] {
			t.Errorf("%s is served but no docs page names it", p)
		}
	}
}

// routeSource is the source of every route table: the emulator's own
// (routes.go), the admin API's, and the product modules' pages
// (product.Pager, in their non-test files).
func routeSource(t *testing.T) []byte {
	t.Helper()
	files, _ := filepath.Glob("internal/products/*/*.go")
	var out []byte
	for _, f := range append([]string{"routes.go", "internal/admin/routes.go"}, files...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return out
}
