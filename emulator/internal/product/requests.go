package product

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"

// What many products' requests and responses share.

// Credentials are accepted in the body as well as in headers (https://plaid.com/docs/api/#api-protocols-and-headers).
type Credentials struct {
	ClientID *string `json:"client_id"`
	Secret   *string `json:"secret"`
}

type AccessTokenRequest struct {
	Credentials
	AccessToken string `json:"access_token" plaid:"required"`
}

type AccountsGetRequest struct {
	Credentials
	AccessToken string          `json:"access_token" plaid:"required"`
	Options     *AccountOptions `json:"options"`
}

// AccountOptions are the options of the requests that only select accounts.
type AccountOptions struct {
	AccountIDs []string `json:"account_ids"`
}

// IDs are the accounts asked for (nil: all).
func (o *AccountOptions) IDs() []string {
	if o == nil {
		return nil
	}
	return o.AccountIDs
}

// RawBody is a success that is not JSON (a statement's PDF).
type RawBody struct {
	ContentType string
	Data        []byte
	Headers     map[string]string // more response headers (a checksum, say)
}

func Deref(p *string, def string) string {
	if p == nil || *p == "" {
		return def
	}
	return *p
}

func Ptr[T any](v T) *T { return &v }

// DerefInt is *p, or def when p is nil.
func DerefInt(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func CheckDateRange(start, end string) *wire.Error {
	if end < start { // both already checked as YYYY-MM-DD
		return wire.New(wire.CodeInvalidField).WithMessage("end_date must not be before start_date")
	}
	return nil
}

func AppendAccounts(b []byte, accts []*Account) []byte {
	b = append(b, '[')
	for i, a := range accts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, a.Raw...)
	}
	return append(b, ']')
}

// AppendRequestID closes a response object with its request_id (our ids
// are alphanumeric, so they need no escaping).
func AppendRequestID(b []byte, id string) []byte {
	b = append(b, `,"request_id":"`...)
	b = append(b, id...)
	return append(b, `"}`...)
}

// JSONAppender is a response that writes its own JSON (hot paths built from
// cached bytes), request_id included; the adapter prefers it to encoding.
type JSONAppender interface {
	AppendJSON(b []byte, requestID string) []byte
}

// ProcessorTokenRequest is a partner request that names only its token.
type ProcessorTokenRequest struct {
	Credentials
	ProcessorToken string `json:"processor_token" plaid:"required"`
}
