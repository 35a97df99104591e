package webhooks

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
)

// attemptError says in words why an attempt got no answer, for the log:
// never Go's own text, which names the URL and the library.
func attemptError(err error, timeout string) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, errLinkLocal):
		return err.Error()
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return "the receiver did not answer within " + timeout
	case errors.Is(err, context.Canceled):
		return "the attempt was cut off by the emulator's stop"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the receiver refused the connection (nothing listens at that address)"
	case errors.As(err, &dnsErr):
		return "the receiver's host name did not resolve"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the receiver closed the connection without an answer"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "the receiver's address cannot be reached from here"
	}
	return "the webhook could not be sent to the receiver"
}
