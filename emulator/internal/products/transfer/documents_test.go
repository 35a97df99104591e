package transfer_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestDiligenceDocumentUpload: a platform uploads a PDF for its originator
// as multipart/form-data (Plaid's docs) and a text as JSON (the clients'
// way); both are listed at /_emulator/transfer/documents with their name,
// type, size and SHA-256, for that client only; an unknown originator, a
// purpose outside the enum, an empty file and a JSON body of the wrong
// kind are refused in words.
func TestDiligenceDocumentUpload(t *testing.T) {
	e := plaidtest.New(t)
	orig := e.Call("/transfer/originator/create", map[string]any{"company_name": "Acme Rentals"}).OK(t)["originator_client_id"].(string)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("originator_client_id", orig)
	_ = mw.WriteField("purpose", "DUE_DILIGENCE")
	part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {`form-data; name="file"; filename="articles of incorporation.pdf"`},
		"Content-Type": {"application/pdf"}})
	_, _ = part.Write([]byte("%PDF-1.4 plaid-emulator test\n%%EOF\n"))
	_ = mw.Close()
	h := http.Header{"Content-Type": {mw.FormDataContentType()}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret}}
	e.Do("POST", "/transfer/diligence/document/upload", h, body.Bytes()).OK(t)
	e.Call("/transfer/diligence/document/upload", map[string]any{"originator_client_id": orig, "purpose": "DUE_DILIGENCE", "file": "hello"}).OK(t)

	docs := plaidtest.List(e.Do("GET", "/_emulator/transfer/documents?client_id="+plaidtest.ClientID, nil, nil).Body["documents"])
	if len(docs) != 2 {
		t.Fatalf("documents: %v", docs)
	}
	pdf, txt := plaidtest.Obj(docs[0]), plaidtest.Obj(docs[1])
	if pdf["file_name"] != "articles of incorporation.pdf" || pdf["content_type"] != "application/pdf" || pdf["size"] != 35.0 ||
		pdf["originator_client_id"] != orig || pdf["purpose"] != "DUE_DILIGENCE" || len(pdf["sha256"].(string)) != 64 {
		t.Fatalf("the PDF: %v", pdf)
	}
	if txt["size"] != 5.0 || txt["sha256"] != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Fatalf("the JSON upload: %v", txt)
	}
	if other := plaidtest.List(e.Do("GET", "/_emulator/transfer/documents?client_id=other", nil, nil).Body["documents"]); len(other) != 0 {
		t.Fatalf("another client's documents: %v", other)
	}
	if r := e.Do("GET", "/_emulator/transfer/documents", nil, nil); r.Status != 400 || r.Body["error"] == nil {
		t.Fatalf("no client_id: %d %s", r.Status, r.Raw)
	}
	e.Call("/transfer/diligence/document/upload", map[string]any{"originator_client_id": "nobody", "purpose": "DUE_DILIGENCE", "file": "x"}).
		PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_ORIGINATOR_NOT_FOUND")
	e.Call("/transfer/diligence/document/upload", map[string]any{"originator_client_id": orig, "purpose": "OTHER", "file": "x"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transfer/diligence/document/upload", map[string]any{"originator_client_id": orig, "purpose": "DUE_DILIGENCE", "file": ""}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transfer/diligence/document/upload", map[string]any{"originator_client_id": orig, "purpose": "DUE_DILIGENCE", "file": map[string]any{}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	bad := http.Header{"Content-Type": {"multipart/form-data; boundary=zzz"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret}}
	e.Do("POST", "/transfer/diligence/document/upload", bad, []byte("not multipart")).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_BODY")
	e.Do("POST", "/transfer/create", h, body.Bytes()).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_BODY") // multipart is for uploads only
}
