package emulator

import (
	"embed"
	"net/http"
	"strings"
)

// Drop-in Link: a page that does in a browser what Plaid Link does, and a
// link-initialize.js offering Plaid.create like Plaid's, so a web app can
// load the script from the emulator instead of cdn.plaid.com and run its
// real Link code. The page finishes through /_emulator/link/complete.

//go:embed linkui/link.html linkui/link.css linkui/link.js linkui/panes.js linkui/link-initialize.js linkui/oauth.html linkui/oauth.css linkui/oauth.js
var linkUI embed.FS

// linkAsset serves an embedded Link file.
func linkAsset(name, contentType string) http.HandlerFunc {
	return embeddedAsset(linkUI, "linkui/"+name, contentType)
}

// embeddedAsset serves one file of an embedded folder (the Link page, the
// dashboard), never cached: the binary is the only version there is.
func embeddedAsset(files embed.FS, path, contentType string) http.HandlerFunc {
	body, err := files.ReadFile(path)
	if err != nil {
		panic(err) // embedded at build time
	}
	framed := "'none'"
	if path == "linkui/link.html" {
		framed = "http: https:" // drop-in Link is an iframe in the app's page, wherever the app is served
	}
	csp := pageCSP + "; frame-ancestors " + framed
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

// pageCSP is every page's Content-Security-Policy, but for who may frame
// it: scripts and styles only from the emulator's own files (no inline
// script, no eval), requests only to the emulator, no plugins, no <base>.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; object-src 'none'"
