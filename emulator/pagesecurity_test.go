package emulator_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestRedirectURIsMustBeWebAddresses: a URL a page may navigate to
// (redirect_uri, hosted_link.completion_redirect_uri) is http or https with
// a host; a script, data or scheme-relative address is INVALID_FIELD, so no
// page can be made to run script in the emulator's origin.
func TestRedirectURIsMustBeWebAddresses(t *testing.T) {
	e := newEnv(t)
	base := func() map[string]any {
		return map[string]any{"client_name": "App", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}
	}
	bad := []string{"javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox(1)", "//evil.example/x", "http://", "https:///path", "file:///etc/passwd", "about:blank", "/relative"}
	for _, u := range bad {
		b := base()
		b["redirect_uri"] = u
		r := e.call("/link/token/create", b)
		r.plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		if !strings.Contains(r.body["error_message"].(string), "redirect_uri") {
			t.Errorf("redirect_uri %q: the message does not name the field: %s", u, r.raw)
		}
		b = base()
		b["hosted_link"] = map[string]any{"completion_redirect_uri": u}
		r = e.call("/link/token/create", b)
		r.plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
	for _, u := range []string{"https://app.example.com/oauth-return", "http://localhost:3000/cb", "http://app:8080/return?x=1"} {
		b := base()
		b["redirect_uri"] = u
		b["hosted_link"] = map[string]any{"completion_redirect_uri": u}
		e.call("/link/token/create", b).ok(t)
	}
}

// TestPagesCarryAStrictPolicy: every page the emulator serves (Link, the
// OAuth bank, the dashboard) sends a Content-Security-Policy that allows
// script only from its own files (no inline script, no eval) and says who
// may frame it: anyone for Link (drop-in Link is an iframe in the app's
// page), no one for the others. Every embedded file says nosniff.
func TestPagesCarryAStrictPolicy(t *testing.T) {
	e := newEnv(t)
	pages := map[string]string{
		"/_emulator/link/ui?link_token=x": "frame-ancestors http: https:",
		"/_emulator/oauth/authorize":      "frame-ancestors 'none'",
		"/":                               "frame-ancestors 'none'",
		"/_emulator/ui":                   "frame-ancestors 'none'",
	}
	for path, frame := range pages {
		resp, err := http.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := readAll(resp)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") || !strings.Contains(csp, frame) ||
			!strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		if strings.Contains(string(body), "<script>") || strings.Contains(string(body), "<style>") || strings.Contains(string(body), " on") && strings.Contains(string(body), "=\"") && strings.Contains(string(body), "onclick") {
			t.Errorf("%s: inline script or style, which the policy would block", path)
		}
	}
	for _, path := range []string{"/_emulator/link/link.js", "/_emulator/oauth/oauth.js", "/_emulator/ui/dash.js", "/link/v2/stable/link-initialize.js"} {
		resp, err := http.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d, nosniff %q", path, resp.StatusCode, resp.Header.Get("X-Content-Type-Options"))
		}
	}
}

// TestIconAndLogoAnswers: the pages' icon is served (an SVG), and a logo
// the emulator does not have is a JSON 404, not Go's plain text.
func TestIconAndLogoAnswers(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/favicon.ico", "/_emulator/ui/favicon.svg"} {
		resp, err := http.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := readAll(resp)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") || !strings.HasPrefix(string(body), "<svg") {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	r := e.do(http.MethodGet, "/_emulator/link/logo/ins_nope.png", http.Header{}, nil)
	if r.status != 404 || !strings.Contains(r.body["error"].(string), "ins_nope") {
		t.Fatalf("unknown logo: %d %s", r.status, r.raw)
	}
}
