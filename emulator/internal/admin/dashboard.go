package admin

import (
	"embed"
	"net/http"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The dashboard: static pages embedded in the binary (no CDN, no build
// step), reading and steering the emulator through /_emulator/*.

//go:embed dashboard/index.html dashboard/dash.css dashboard/dash.js dashboard/dash-views.js dashboard/favicon.svg
var dashboardUI embed.FS

// dashboardAsset serves an embedded dashboard file.
func dashboardAsset(name, contentType string) http.HandlerFunc {
	body, err := dashboardUI.ReadFile("dashboard/" + name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return wire.Asset(body, contentType, "'none'")
}
