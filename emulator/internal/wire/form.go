package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// maxFormParts bounds the parts of a multipart body read.
const maxFormParts = 32

// FormJSON reads a multipart/form-data body (already bounded by ReadBody)
// as the JSON object request types read: each text field a string, each
// file a data URL, "data:<type>;name=<file name>;base64,<content>" (a
// string, as the spec's binary fields are). A field given twice keeps the
// last.
func FormJSON(body []byte, boundary string) ([]byte, *Error) {
	if boundary == "" {
		return nil, New(CodeInvalidBody).WithMessage("the multipart/form-data Content-Type names no boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	out := map[string]any{}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) && n > 0 {
			break
		}
		if err != nil || n >= maxFormParts {
			return nil, New(CodeInvalidBody).WithMessage("the body is not multipart/form-data of at most %d parts", maxFormParts)
		}
		data, err := io.ReadAll(part)
		if err != nil || part.FormName() == "" {
			return nil, New(CodeInvalidBody).WithMessage("a part of the multipart/form-data body has no field name or cannot be read")
		}
		if part.FileName() == "" {
			out[part.FormName()] = string(data)
			continue
		}
		typ := part.Header.Get("Content-Type")
		if typ == "" {
			typ = "application/octet-stream"
		}
		out[part.FormName()] = "data:" + typ + ";name=" + url.PathEscape(part.FileName()) + ";base64," + base64.StdEncoding.EncodeToString(data)
	}
	b, _ := json.Marshal(out)
	return b, nil
}

// RequestBody reads a Plaid request's body: JSON (Content-Type
// application/json) or, where form is true (an upload), also
// multipart/form-data, read as FormJSON reads it; at most MaxBody bytes.
// raw is the body as sent (also when reading failed); body is the JSON to
// parse, with plaid-go's "null" for a request of no fields read as {}.
func RequestBody(w http.ResponseWriter, r *http.Request, form bool) (raw, body []byte, err *Error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, nil, New(CodeInvalidHeaders).WithMessage("Content-Type header is missing; use application/json")
	}
	mt, params, perr := mime.ParseMediaType(ct)
	form = form && perr == nil && mt == "multipart/form-data"
	if (perr != nil || mt != "application/json") && !form {
		return nil, nil, New(CodeInvalidBody).WithMessage("the Content-Type header must be application/json, not %q", Clip(ct, 64))
	}
	raw, rerr := ReadBody(w, r)
	if rerr != nil {
		var mbe *http.MaxBytesError
		if errors.As(rerr, &mbe) {
			return raw, nil, New(CodeInvalidBody).WithMessage("request body is larger than the maximum of 1 MiB")
		}
		return raw, nil, New(CodeInvalidBody)
	}
	body = raw
	if form {
		if body, err = FormJSON(raw, params["boundary"]); err != nil {
			return raw, nil, err
		}
	}
	if string(bytes.TrimSpace(body)) == "null" {
		body = []byte("{}")
	}
	return raw, body, nil
}
