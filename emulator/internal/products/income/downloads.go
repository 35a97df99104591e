package income

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Document downloads: every document an income answer names gets a
// download_url that works once, for 2 minutes of the emulator clock, and
// gives a zip of the document as a PDF. They are not kept with --state
// (none outlives a restart by much).

const (
	downloadTTL  = 2 * time.Minute
	maxDownloads = 1000
	downloadPath = "/_files/income/"
)

type download struct {
	clientID string
	expires  time.Time
	name     string
	lines    []string
}

// downloadURL mints the single-use URL of doc (a pay stub, W-2 or statement).
func (a *API) downloadURL(c *product.Call, clientID string, doc map[string]any) *string {
	md, _ := doc["document_metadata"].(map[string]any)
	name, _ := md["name"].(string)
	lines := []string{"Income document " + name, fmt.Sprintf("document_id %v", doc["document_id"])}
	for _, k := range []string{"tax_year", "wages_tips_other_comp"} {
		if v, ok := doc[k]; ok && v != nil {
			lines = append(lines, fmt.Sprintf("%s %v", k, v))
		}
	}
	if pp, ok := doc["pay_period_details"].(map[string]any); ok {
		lines = append(lines, fmt.Sprintf("pay date %v, gross %v, net %v", pp["pay_date"], pp["gross_earnings"], pp["pay_amount"]))
	}
	tok := a.door.NewUUID()
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		for k, d := range a.dl {
			if !c.Now.Before(d.expires) {
				delete(a.dl, k)
			}
		}
		for len(a.dl) >= maxDownloads { // the soonest to expire goes first
			var first string
			for k, d := range a.dl {
				if first == "" || d.expires.Before(a.dl[first].expires) {
					first = k
				}
			}
			delete(a.dl, first)
		}
		a.dl[tok] = download{clientID: clientID, expires: c.Now.Add(downloadTTL), name: strings.TrimSuffix(name, ".pdf"), lines: lines}
	}()
	scheme := "http"
	if c.RequestHeader("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	host := c.RequestHeader("Host")
	if host == "" {
		host = "127.0.0.1"
	}
	url := scheme + "://" + host + downloadPath + tok
	return &url
}

// Pages serve the downloads (GET /_files/income/{token}) and the
// dashboard's view of a user's income (GET /_emulator/income/{user_id}).
func (a *API) Pages() []product.Page {
	return []product.Page{{Method: http.MethodGet, Path: downloadPath, Serve: a.serveDownload},
		{Method: http.MethodGet, Path: "/_emulator/income/", Serve: a.serveUser}}
}

// serveDownload answers a download URL once; used or expired, it is
// INCOME_VERIFICATION_DOCUMENT_NOT_FOUND.
func (a *API) serveDownload(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimPrefix(r.URL.Path, downloadPath)
	now := a.door.Now()
	d, ok := func() (download, bool) {
		a.mu.Lock()
		defer a.mu.Unlock()
		d, ok := a.dl[tok]
		delete(a.dl, tok)
		return d, ok && now.Before(d.expires)
	}()
	if !ok {
		e := wire.New(wire.CodeIncomeDocumentNotFound)
		e.RequestID = wire.NewRequestID()
		wire.WriteJSON(w, e.HTTPStatus, e)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create(d.name + ".pdf")
	if err == nil {
		_, err = f.Write(product.SimplePDF(d.lines))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		wire.WriteJSON(w, http.StatusInternalServerError, wire.Internal(err))
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.name+`.zip"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}
