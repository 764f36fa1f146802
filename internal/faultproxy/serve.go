package faultproxy

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// servePrimary decides how to answer one request and does it.
func (p *Proxy) servePrimary(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		p.record(Decision{Method: r.Method, Path: r.URL.Path, Fault: Fault{Kind: Pass}})
		http.Error(w, "faultproxy: could not read the request body", http.StatusBadRequest)
		return
	}
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, loopPrefix):
		p.record(Decision{Method: r.Method, Path: path, Fault: Fault{Kind: RedirectLoop}, Hop: true})
		redirect(w, r, path, http.StatusTemporaryRedirect)
		return
	case strings.HasPrefix(path, hopPrefix):
		i := p.record(Decision{Method: r.Method, Path: path, Fault: Fault{Kind: Pass}, Hop: true})
		p.pass(w, r, i, strings.TrimPrefix(path, hopPrefix), body)
		return
	}
	f := p.decide(r)
	i := p.record(Decision{Method: r.Method, Path: path, Fault: f})
	p.carryOut(w, r, i, f, body)
}

// serveForeign records a request that reached the other host and passes it
// upstream, as a CDN or a second region would.
func (p *Proxy) serveForeign(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	p.mu.Lock()
	p.captured = append(p.captured, Captured{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	p.requests++
	p.mu.Unlock()
	a, err := p.forward(r, strings.TrimPrefix(r.URL.Path, hopPrefix), body)
	if err != nil {
		http.Error(w, "faultproxy: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	write(w, a)
}

// pass forwards the request and copies the answer back.
func (p *Proxy) pass(w http.ResponseWriter, r *http.Request, i int, path string, body []byte) {
	if a := p.forwardOrFail(w, r, i, path, body); a != nil {
		write(w, a)
	}
}

// forwardOrFail forwards and records the outcome; when the upstream could
// not be reached it answers 502 itself and returns nil.
func (p *Proxy) forwardOrFail(w http.ResponseWriter, r *http.Request, i int, path string, body []byte) *answer {
	a, err := p.forward(r, path, body)
	if err != nil {
		http.Error(w, "faultproxy: upstream: "+err.Error(), http.StatusBadGateway)
		return nil
	}
	p.forwarded(i, a.status)
	return a
}

// carryOut answers according to f.
func (p *Proxy) carryOut(w http.ResponseWriter, r *http.Request, i int, f Fault, body []byte) {
	path := r.URL.Path
	switch f.Kind {
	case Status:
		p.status(w, f)
		return
	case ResetBeforeUpstream:
		reset(w)
		return
	case BlackHole:
		p.hold(r)
		return
	case RedirectSameHost:
		redirect(w, r, hopPrefix+path, f.status())
		return
	case RedirectCrossHost:
		redirect(w, r, p.foreign.URL+hopPrefix+path, f.status())
		return
	case RedirectPlainHTTP:
		redirect(w, r, "http://faultproxy.invalid"+path, f.status())
		return
	case RedirectLoop:
		redirect(w, r, loopPrefix+path, f.status())
		return
	case EchoRequest:
		echo(w, r, body, f.status())
		return
	}
	if !f.Kind.forwards() {
		http.Error(w, fmt.Sprintf("faultproxy: unknown fault kind %q", f.Kind), http.StatusInternalServerError)
		return
	}
	a := p.forwardOrFail(w, r, i, path, body)
	if a == nil {
		return
	}
	switch f.Kind {
	case Pass:
		write(w, a)
	case StatusAfterUpstream:
		p.status(w, f)
	case ResetAfterUpstream:
		reset(w)
	case StallAfterHeaders:
		// An empty answer would be complete with its headers, and the
		// client would send its next request on this busy connection: the
		// stall promises a body.
		body := bodyOrFiller(a.body)
		copyHeader(w.Header(), a.header)
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(a.status)
		flush(w)
		p.hold(r)
	case SlowDrip:
		a.body = bodyOrFiller(a.body)
		p.drip(w, r, a)
	case TruncatedBody:
		truncate(w, a)
	case EndlessBody:
		p.endless(w, r)
	case WrongContentType:
		a.header.Set("Content-Type", "text/html; charset=utf-8")
		write(w, a)
	case GarbageJSON:
		jsonAnswer(w, `{"data": [1, 2, <html>oops`)
	case NullJSON:
		jsonAnswer(w, "null")
	}
}

// status answers f's status with a JSON error body and f's Retry-After.
func (p *Proxy) status(w http.ResponseWriter, f Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status())
	_, _ = fmt.Fprintf(w, `{"error":{"code":"faultproxy_%d","message":"injected by faultproxy"}}`, f.status())
}

func jsonAnswer(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, body)
}

func redirect(w http.ResponseWriter, r *http.Request, location string, status int) {
	if r.URL.RawQuery != "" {
		location += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", location)
	w.WriteHeader(status)
}

// reset closes the connection with a TCP RST and no answer.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection without an answer
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// hold blocks until the client gives up or the proxy closes; then it drops
// the connection, so that even a client still waiting gets no answer.
func (p *Proxy) hold(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-p.ctx.Done():
	}
	panic(http.ErrAbortHandler)
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// drip sends the answer one byte per DripInterval.
func (p *Proxy) drip(w http.ResponseWriter, r *http.Request, a *answer) {
	copyHeader(w.Header(), a.header)
	w.Header().Set("Content-Length", fmt.Sprint(len(a.body)))
	w.WriteHeader(a.status)
	flush(w)
	tick := time.NewTicker(p.cfg.DripInterval)
	defer tick.Stop()
	for i := range a.body {
		select {
		case <-r.Context().Done():
			return
		case <-p.ctx.Done():
			return
		case <-tick.C:
		}
		if _, err := w.Write(a.body[i : i+1]); err != nil {
			return
		}
		flush(w)
	}
}

// truncatedFiller stands in for an upstream body too short to cut in half,
// stall or drip.
const truncatedFiller = `{"note":"this answer is cut short by faultproxy"}`

// bodyOrFiller returns body, or the filler when body is too short for a
// fault to act on.
func bodyOrFiller(body []byte) []byte {
	if len(body) < 2 {
		return []byte(truncatedFiller)
	}
	return body
}

// truncate promises the whole body and sends half; net/http then closes the
// connection because the handler wrote less than its Content-Length.
func truncate(w http.ResponseWriter, a *answer) {
	body := bodyOrFiller(a.body)
	copyHeader(w.Header(), a.header)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(body[:len(body)/2])
	flush(w)
}

// endlessChunk is one repetition of an endless body: a valid JSON array
// element, so a decoder finds nothing wrong until memory runs out.
var endlessChunk = []byte(strings.Repeat(`{"filler":"faultproxy endless body"},`, 64))

// endless answers 200 with a JSON array that never closes.
func (p *Proxy) endless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if _, err := io.WriteString(w, "["); err != nil {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-p.ctx.Done():
			return
		default:
		}
		if _, err := w.Write(endlessChunk); err != nil {
			return
		}
	}
}

// echo answers status with the request reflected back in every form a
// careless server uses.
func echo(w http.ResponseWriter, r *http.Request, body []byte, status int) {
	var dump strings.Builder
	headers := map[string]string{}
	for k, vs := range r.Header {
		v := strings.Join(vs, ", ")
		headers[k] = v
		fmt.Fprintf(&dump, "%s: %s; ", k, v)
	}
	var nested any = string(body)
	if json.Valid(body) {
		nested = json.RawMessage(body)
	}
	auth := r.Header.Get("Authorization")
	out, _ := json.Marshal(map[string]any{
		"error": map[string]any{"code": "echo", "message": "rejected " + r.Method + " " + r.URL.RequestURI() + " with " + dump.String() + "body " + string(body)},
		"request": map[string]any{
			"headers":              headers,
			"body":                 string(body),
			"authorization_base64": base64.StdEncoding.EncodeToString([]byte(auth)),
			"query":                r.URL.RawQuery,
		},
		"data": map[string]any{"payload": nested, "deeper": map[string]any{"copy": nested}},
	})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", auth)
	w.WriteHeader(status)
	_, _ = w.Write(out)
}
