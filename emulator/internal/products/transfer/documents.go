package transfer

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Diligence documents: a platform uploads a document for its originator
// (/transfer/diligence/document/upload, multipart/form-data as Plaid's
// docs ask, or JSON as the official clients send it). The emulator keeps
// what describes it (name, type, size, SHA-256), not its bytes, and lists
// them at GET /_emulator/transfer/documents.

// maxDocuments bounds the documents kept for one originator.
const maxDocuments = 50

// Document is an uploaded diligence document, as --state keeps it.
type Document struct {
	ID, ClientID, Originator, Purpose string
	Name, ContentType, SHA256         string
	Size                              int
	Uploaded                          time.Time
}

type documentUploadRequest struct {
	product.Credentials
	OriginatorClientID string `json:"originator_client_id" plaid:"required"`
	File               string `json:"file" plaid:"required"`
	Purpose            string `json:"purpose" plaid:"required"`
}

// readFile is an uploaded file: a data URL (wire.FormJSON's, for a
// multipart part) or, sent as JSON, the string itself.
func readFile(s string) (name, typ string, data []byte, ok bool) {
	rest, isURL := strings.CutPrefix(s, "data:")
	if !isURL {
		return "document", "application/octet-stream", []byte(s), s != ""
	}
	meta, payload, found := strings.Cut(rest, ",")
	if !found {
		return "", "", nil, false
	}
	parts := strings.Split(meta, ";")
	typ, name = parts[0], "document"
	b64 := false
	for _, p := range parts[1:] {
		if v, isName := strings.CutPrefix(p, "name="); isName {
			if n, err := url.PathUnescape(v); err == nil && n != "" {
				name = n
			}
		}
		b64 = b64 || p == "base64"
	}
	if !b64 {
		return name, typ, []byte(payload), true
	}
	data, err := base64.StdEncoding.DecodeString(payload)
	return name, typ, data, err == nil
}

// HandleDocumentUpload serves POST /transfer/diligence/document/upload.
func (a *API) HandleDocumentUpload(c *product.Call, req *documentUploadRequest) (any, *wire.Error) {
	if req.Purpose != "DUE_DILIGENCE" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("purpose must be DUE_DILIGENCE")
	}
	name, typ, data, ok := readFile(req.File)
	if !ok || len(data) == 0 {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("file must be a non-empty file (a multipart/form-data file part, or its content as a string)")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	o, err := a.originatorLocked(c, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, d := range a.st.Documents {
		if d.ClientID == c.ClientID && d.Originator == o.ID {
			n++
		}
	}
	if n >= maxDocuments {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the originator already has %d documents, the most the emulator keeps", maxDocuments)
	}
	sum := sha256.Sum256(data)
	a.st.Documents = append(a.st.Documents, &Document{ID: a.door.NewUUID(), ClientID: c.ClientID, Originator: o.ID, Purpose: req.Purpose,
		Name: name, ContentType: typ, SHA256: hex.EncodeToString(sum[:]), Size: len(data), Uploaded: c.Now})
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

// Pages are Transfer's emulator routes: the diligence documents uploaded.
func (a *API) Pages() []product.Page {
	return []product.Page{{Method: http.MethodGet, Path: "/_emulator/transfer/documents", Serve: a.handleDocuments}}
}

// handleDocuments serves GET /_emulator/transfer/documents?client_id=…
// (&originator_client_id=…): the client's uploaded documents, oldest first.
func (a *API) handleDocuments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	client, originator := q.Get("client_id"), q.Get("originator_client_id")
	if client == "" {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "client_id is required: whose documents to list"})
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	out := []map[string]any{}
	for _, d := range a.st.Documents {
		if d.ClientID == client && (originator == "" || d.Originator == originator) {
			out = append(out, map[string]any{"document_id": d.ID, "originator_client_id": d.Originator, "purpose": d.Purpose, "file_name": d.Name,
				"content_type": d.ContentType, "size": d.Size, "sha256": d.SHA256, "uploaded_at": product.RFC3339(d.Uploaded)})
		}
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"documents": out})
}
