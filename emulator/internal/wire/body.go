// Package wire is Plaid's wire format: the one error type and its code
// table, request body parsing and checking against request structs'
// declarations, request ids and the plain pieces of writing a response. It
// knows nothing of Items, stores or products.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// MaxBody is the largest request body accepted (INVALID_BODY beyond it).
const MaxBody = 1 << 20

// Response is embedded in every response body; the adapter fills request_id.
type Response struct {
	RequestID string `json:"request_id"`
}

func (r *Response) SetRequestID(id string) { r.RequestID = id }

type RequestIDSetter interface{ SetRequestID(string) }

var JSONContentType = []string{"application/json; charset=utf-8"}

// ReadBody reads a request body of at most maxBody bytes, sized from
// Content-Length when the client gives it.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, MaxBody)
	if n := r.ContentLength; n >= 0 && n <= MaxBody {
		buf := make([]byte, n, n+1)
		if _, err := io.ReadFull(rd, buf); err != nil {
			return nil, err
		}
		var one [1]byte // must be at the end now
		if k, _ := rd.Read(one[:]); k != 0 {
			return nil, errors.New("body longer than its Content-Length")
		}
		return buf, nil
	}
	return io.ReadAll(rd)
}

var BufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const requestIDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// NewRequestID is 15 alphanumerics, as Plaid's. It does not draw from the
// seeded generator: request ids are the one thing allowed to differ between runs.
func NewRequestID() string {
	var b [15]byte
	for i := range b {
		b[i] = requestIDAlphabet[rand.IntN(len(requestIDAlphabet))]
	}
	return string(b[:])
}

// WriteJSON writes an emulator (non-Plaid) response.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// MaxURLLength is the longest URL a request may give (Plaid's format: url).
const MaxURLLength = 2048

// WebhookURL says whether s can be a webhook or redirect target: http or
// https, with a host, at most MaxURLLength characters.
func WebhookURL(s string) bool {
	if len(s) > MaxURLLength {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Hostname() != "" && u.Opaque == ""
}

// Header reads r's headers by name, Host included (Go keeps it apart from
// the others): what a handler may ask of its request.
func Header(r *http.Request) func(name string) string {
	return func(name string) string {
		if strings.EqualFold(name, "Host") {
			return r.Host
		}
		return r.Header.Get(name)
	}
}

// HeaderBytes is about what a request's headers took on the wire.
func HeaderBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}
