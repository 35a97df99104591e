package webhooks

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
)

// Where a webhook may go. Only http and https URLs with a host reach the
// dispatcher (the request decoder checks them). Redirects are not
// followed: a 3xx is a failed attempt, so a receiver cannot send the
// signed body, and its Plaid-Verification header, on to another host.
// Link-local addresses (169.254.0.0/16, fe80::/10), where clouds serve
// instance metadata, and metadata.google.internal are refused when the
// attempt connects, unless AllowLinkLocal; loopback and private addresses
// are allowed, as CI networks need them.

// errLinkLocal is an attempt's error for a refused target.
var errLinkLocal = errors.New("webhook target is a link-local or cloud metadata address; start with --webhook-allow-link-local to allow it")

// AllowLinkLocal lets webhooks go to link-local and metadata addresses.
func (d *Dispatcher) AllowLinkLocal(ok bool) { d.linkLocal.Store(ok) }

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// dialControl refuses a connection to a link-local address, whatever
// name resolved to it.
func (d *Dispatcher) dialControl(_, address string, _ syscall.RawConn) error {
	if d.linkLocal.Load() {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast()) {
		return errLinkLocal
	}
	return nil
}

// refusedHost says whether a URL names a metadata host by name (checked
// before any lookup).
func (d *Dispatcher) refusedHost(u *url.URL) bool {
	if d.linkLocal.Load() {
		return false
	}
	h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	return h == "metadata.google.internal" || h == "metadata"
}

// Redact is a URL as logs show it: without its user name and password.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}
