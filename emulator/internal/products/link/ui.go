package link

import (
	"embed"
	"net/http"
	"strings"
	"sync"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Drop-in Link: a page that does in a browser what Plaid Link does, and a
// link-initialize.js offering Plaid.create like Plaid's, so a web app can
// load the script from the emulator instead of cdn.plaid.com and run its
// real Link code. The page finishes through /_emulator/link/complete.

//go:embed ui/link.html ui/link.css ui/link.js ui/panes.js ui/transfer.js ui/documents.js ui/idv.js ui/link-initialize.js ui/oauth.html ui/oauth.css ui/oauth.js
var files embed.FS

// assets serve the embedded Link files, by name: made once, shared by
// every emulator.
var assets = sync.OnceValue(func() map[string]http.HandlerFunc {
	const html, css, js = "text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8"
	out := map[string]http.HandlerFunc{}
	for name, contentType := range map[string]string{"link.html": html, "link.css": css, "link.js": js, "panes.js": js, "transfer.js": js, "documents.js": js,
		"idv.js": js, "link-initialize.js": js, "oauth.html": html, "oauth.css": css, "oauth.js": js} {
		body, err := files.ReadFile("ui/" + name)
		if err != nil {
			panic(err) // embedded at build time
		}
		framed := "'none'"
		if name == "link.html" {
			framed = "http: https:" // drop-in Link is an iframe in the app's page, wherever the app is served
		}
		out[name] = wire.Asset(body, contentType, framed)
	}
	return out
})

// Pages are Link's routes beside Plaid's paths: the page, its files and
// calls (headless completion included), the OAuth bank page, and the
// drop-in script. The link token guards them, not the admin token.
func (p *API) Pages() []product.Page {
	asset := assets()
	get := func(path string, h http.HandlerFunc) product.Page {
		return product.Page{Method: http.MethodGet, Path: path, Serve: h}
	}
	op := func(e product.Endpoint) product.Page {
		e.NoAuth = true
		return product.Page{Method: http.MethodPost, Path: e.Path, Op: &e}
	}
	return []product.Page{
		op(product.Op("/_emulator/link/complete", p.handleComplete)),
		op(product.Op("/_emulator/link/accounts", p.handleAccounts)),
		op(product.Op("/_emulator/link/oauth", p.HandleLinkOAuth)),
		op(product.Op("/_emulator/link/numbers", p.handleNumbers)),
		op(product.Op("/_emulator/link/verify", p.handleVerify)),
		op(product.Op("/_emulator/link/idv", p.handleIDV)),
		get("/_emulator/link/session", p.HandleLinkUISession),
		get("/_emulator/link/oauth", p.HandleLinkOAuthState),
		get("/_emulator/oauth/authorize", asset["oauth.html"]),
		get("/_emulator/oauth/oauth.css", asset["oauth.css"]),
		get("/_emulator/oauth/oauth.js", asset["oauth.js"]),
		get("/_emulator/link/ui", asset["link.html"]),
		get("/_emulator/link/link.css", asset["link.css"]),
		get("/_emulator/link/link.js", asset["link.js"]),
		get("/_emulator/link/panes.js", asset["panes.js"]),
		get("/_emulator/link/transfer.js", asset["transfer.js"]),
		get("/_emulator/link/documents.js", asset["documents.js"]),
		get("/_emulator/link/idv.js", asset["idv.js"]),
		get("/_emulator/link/share/", p.handleShare),
		get("/_emulator/link/logo/", func(w http.ResponseWriter, r *http.Request) {
			p.HandleLinkUILogo(w, strings.TrimPrefix(r.URL.Path, "/_emulator/link/logo/"))
		}),
		get("/link/v2/stable/link-initialize.js", asset["link-initialize.js"]),
	}
}
