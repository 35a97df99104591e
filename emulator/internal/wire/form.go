package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
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
