package wire

import (
	"net/http"
	"strings"
)

// Asset serves one embedded file (a page, a script, a stylesheet, an
// icon) with contentType, never cached: the binary is the only version
// there is. An HTML page carries PageCSP and may be framed by
// frameAncestors ("'none'" unless it is meant to be embedded).
func Asset(body []byte, contentType, frameAncestors string) http.HandlerFunc {
	csp := PageCSP + "; frame-ancestors " + frameAncestors
	return func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(contentType, "text/html") {
			h.Set("Content-Security-Policy", csp)
			h.Set("Referrer-Policy", "no-referrer")
		}
		_, _ = w.Write(body)
	}
}

// PageCSP is every page's Content-Security-Policy, but for who may frame
// it: scripts and styles only from the emulator's own files (no inline
// script, no eval), requests only to the emulator, no plugins, no <base>.
const PageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; object-src 'none'"
