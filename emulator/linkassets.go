package emulator

import (
	"embed"
	"net/http"
)

// Drop-in Link: a page that does in a browser what Plaid Link does, and a
// link-initialize.js offering Plaid.create like Plaid's, so a web app can
// load the script from the emulator instead of cdn.plaid.com and run its
// real Link code. The page finishes through /_emulator/link/complete.

//go:embed linkui/link.html linkui/link.css linkui/link.js linkui/panes.js linkui/link-initialize.js linkui/oauth.html
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
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	}
}
