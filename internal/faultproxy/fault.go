package faultproxy

import (
	"fmt"
	"net/http"
)

// Kind names one way of answering a request. Its string is stable, for test
// output and tables.
type Kind string

// The kinds of fault. "Forwards" means the upstream server receives and
// handles the request before the fault shapes the answer, so a write may
// already be stored when the client sees a failure.
const (
	// Pass forwards the request and copies the answer back.
	Pass Kind = "pass"
	// Status answers Fault.Status (429, 500, 502, 503…) with Fault.RetryAfter
	// as the Retry-After header, without forwarding.
	Status Kind = "status"
	// StatusAfterUpstream forwards, discards the answer and sends
	// Fault.Status instead: the write is stored but the client sees a
	// failure.
	StatusAfterUpstream Kind = "status-after-upstream"
	// ResetBeforeUpstream resets the connection (TCP RST) without
	// forwarding.
	ResetBeforeUpstream Kind = "reset-before-upstream"
	// ResetAfterUpstream forwards, then resets the connection before any
	// answer: the write is stored, the answer lost.
	ResetAfterUpstream Kind = "reset-after-upstream"
	// BlackHole reads the request and never answers, until the client gives
	// up or the proxy closes. Nothing is forwarded.
	BlackHole Kind = "black-hole"
	// StallAfterHeaders forwards, sends the upstream status and headers,
	// and then never sends the body.
	StallAfterHeaders Kind = "stall-after-headers"
	// SlowDrip forwards and sends the upstream answer one byte per
	// Config.DripInterval.
	SlowDrip Kind = "slow-drip"
	// TruncatedBody forwards and sends half of the upstream body under the
	// full Content-Length, then closes the connection.
	TruncatedBody Kind = "truncated-body"
	// EndlessBody forwards and answers 200 application/json with a body
	// that never ends, until the client stops reading.
	EndlessBody Kind = "endless-body"
	// WrongContentType forwards and sends the upstream answer labelled
	// text/html.
	WrongContentType Kind = "wrong-content-type"
	// GarbageJSON forwards and answers 200 application/json with a body
	// that is not JSON.
	GarbageJSON Kind = "garbage-json"
	// NullJSON forwards and answers 200 application/json with the body
	// "null".
	NullJSON Kind = "null-json"
	// RedirectSameHost redirects (Fault.Status, default 307) to the same
	// path on the proxy, which passes the followed request upstream.
	RedirectSameHost Kind = "redirect-same-host"
	// RedirectCrossHost redirects to the same path on the proxy's other
	// host, which records the request (see Proxy.Foreign) and passes it
	// upstream.
	RedirectCrossHost Kind = "redirect-cross-host"
	// RedirectPlainHTTP redirects to plain http on a host that is not
	// loopback (a reserved .invalid name, so following it can reach no one).
	RedirectPlainHTTP Kind = "redirect-plain-http"
	// RedirectLoop redirects to a URL that redirects to itself forever.
	RedirectLoop Kind = "redirect-loop"
	// EchoRequest answers Fault.Status (default 500) with everything the
	// request carried echoed back, as careless servers do in their errors:
	// the headers in a text dump, in a JSON object and in X-Request-Id, the
	// Authorization value base64-encoded, and the body raw, as a string and
	// nested inside objects. Nothing is forwarded. A client must keep every
	// credential in it out of its errors and logs.
	EchoRequest Kind = "echo-request"
)

// forwards reports whether the upstream server handles a request answered
// with this kind.
func (k Kind) forwards() bool {
	switch k {
	case Pass, StatusAfterUpstream, ResetAfterUpstream, StallAfterHeaders, SlowDrip,
		TruncatedBody, EndlessBody, WrongContentType, GarbageJSON, NullJSON:
		return true
	}
	return false
}

// Fault is one decision: how to answer one request.
type Fault struct {
	// Kind is the way of answering.
	Kind Kind
	// Status is the HTTP status for Status and StatusAfterUpstream
	// (default 503) and for the redirects (default 307).
	Status int
	// RetryAfter is sent verbatim as the Retry-After header when not empty,
	// so absurd values ("86400", "1e12", "-1", "soon") can be tried.
	RetryAfter string
}

// String reads like "status 429 (Retry-After: 86400)".
func (f Fault) String() string {
	s := string(f.Kind)
	if f.Kind == Status || f.Kind == StatusAfterUpstream || f.Kind == EchoRequest || f.Status != 0 {
		s = fmt.Sprintf("%s %d", s, f.status())
	}
	if f.RetryAfter != "" {
		s += fmt.Sprintf(" (Retry-After: %s)", f.RetryAfter)
	}
	return s
}

func (f Fault) status() int {
	switch {
	case f.Status != 0:
		return f.Status
	case f.Kind == Status || f.Kind == StatusAfterUpstream:
		return http.StatusServiceUnavailable
	case f.Kind == EchoRequest:
		return http.StatusInternalServerError
	case f.Kind == RedirectSameHost || f.Kind == RedirectCrossHost || f.Kind == RedirectPlainHTTP || f.Kind == RedirectLoop:
		return http.StatusTemporaryRedirect
	}
	return 0
}

// Weighted is one fault and the share of requests (0 to 1) that get it.
type Weighted struct {
	Fault Fault
	Rate  float64
}

// Catalogue returns one fault of every kind, with 429s carrying sane and
// absurd Retry-After values, in a fixed order: the menu a reliability run
// draws from.
func Catalogue() []Fault {
	return []Fault{
		{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "1"},
		{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "86400"},
		{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "1e12"},
		{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "-5"},
		{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "Fri, 31 Dec 9999 23:59:59 GMT"},
		{Kind: Status, Status: http.StatusTooManyRequests, RetryAfter: "soon"},
		{Kind: Status, Status: http.StatusInternalServerError},
		{Kind: Status, Status: http.StatusBadGateway},
		{Kind: Status, Status: http.StatusServiceUnavailable, RetryAfter: "0"},
		{Kind: StatusAfterUpstream, Status: http.StatusBadGateway},
		{Kind: ResetBeforeUpstream},
		{Kind: ResetAfterUpstream},
		{Kind: BlackHole},
		{Kind: StallAfterHeaders},
		{Kind: SlowDrip},
		{Kind: TruncatedBody},
		{Kind: EndlessBody},
		{Kind: WrongContentType},
		{Kind: GarbageJSON},
		{Kind: NullJSON},
		{Kind: RedirectSameHost},
		{Kind: RedirectCrossHost},
		{Kind: RedirectPlainHTTP},
		{Kind: RedirectLoop},
		{Kind: EchoRequest},
		{Kind: EchoRequest, Status: http.StatusBadRequest},
	}
}

// Evenly spreads a total rate over faults in equal shares.
func Evenly(total float64, faults ...Fault) []Weighted {
	out := make([]Weighted, len(faults))
	for i, f := range faults {
		out[i] = Weighted{Fault: f, Rate: total / float64(len(faults))}
	}
	return out
}
