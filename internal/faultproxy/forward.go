package faultproxy

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// answer is the upstream's reply, read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// hopByHop headers belong to one connection and are never copied across
// the proxy.
var hopByHop = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// forward sends the request upstream with path in place of its own and
// reads the whole answer. It does not stop when the client goes away: a
// request the upstream has begun handling runs to its end, as it would on a
// real server, so that "the server may have stored it" is what happened.
func (p *Proxy) forward(r *http.Request, path string, body []byte) (*answer, error) {
	target := p.upstream + path
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	var rd io.Reader = http.NoBody
	if len(body) > 0 {
		rd = bytes.NewReader(body)
	}
	out, err := http.NewRequestWithContext(p.ctx, r.Method, target, rd)
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	for _, h := range hopByHop {
		out.Header.Del(h)
	}
	resp, err := p.client.Do(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBody {
		return nil, fmt.Errorf("faultproxy: upstream answer is larger than %d bytes", maxBody)
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// copyHeader copies the upstream's headers, except those that describe the
// connection or the length, which the proxy sets itself.
func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
	for _, h := range hopByHop {
		dst.Del(h)
	}
	dst.Del("Content-Length")
}

// write sends a complete answer.
func write(w http.ResponseWriter, a *answer) {
	copyHeader(w.Header(), a.header)
	w.Header().Set("Content-Length", fmt.Sprint(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}
