package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

const redacted = "[REDACTED]"

// isSecretName is the module's one list of secret-looking names.
func isSecretName(name string) bool { return transport.IsSecretName(name) }

// harSecrets collects every value in the recording that may be a
// credential: headers and query parameters named like secrets (and the
// token after an auth scheme), every cookie, and string values of JSON
// body fields named like secrets. verify never prints values, and masks
// these besides, so a reason or a path that happened to quote one still
// cannot leak it.
func harSecrets(h *harFile) []string {
	set := map[string]bool{}
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) >= 4 {
			set[v] = true
		}
		if _, token, ok := strings.Cut(v, " "); ok && len(strings.TrimSpace(token)) >= 4 {
			set[strings.TrimSpace(token)] = true // "Bearer xyz", "Basic xyz"
		}
	}
	named := func(list []harNameValue, all bool) {
		for _, nv := range list {
			if strings.HasPrefix(nv.Name, ":") {
				continue // HTTP/2 pseudo-headers: :authority is a host, not a credential
			}
			if all || isSecretName(nv.Name) {
				add(nv.Value)
			}
		}
	}
	for _, e := range h.Log.Entries {
		named(e.Request.Headers, false)
		named(e.Response.Headers, false)
		named(e.Request.QueryString, false)
		named(e.Request.Cookies, true)
		named(e.Response.Cookies, true)
		if u, err := url.Parse(e.Request.URL); err == nil {
			for k, vs := range u.Query() {
				if isSecretName(k) {
					for _, v := range vs {
						add(v)
					}
				}
			}
		}
		for _, hv := range e.Request.Headers {
			if strings.EqualFold(hv.Name, "cookie") {
				for _, c := range strings.Split(hv.Value, ";") {
					if _, v, ok := strings.Cut(c, "="); ok {
						add(v)
					}
				}
			}
		}
		if e.Request.PostData != nil {
			jsonSecrets(e.Request.PostData.Text, add)
		}
		jsonSecrets(e.Response.Content.Text, add)
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func jsonSecrets(text string, add func(string)) {
	var v any
	if json.Unmarshal([]byte(text), &v) != nil {
		return
	}
	var walk func(v any, secret bool)
	walk = func(v any, secret bool) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				walk(e, secret || isSecretName(k))
			}
		case []any:
			for _, e := range t {
				walk(e, secret)
			}
		case string:
			if secret {
				add(t)
			}
		}
	}
	walk(v, false)
}

// masker writes through to w with every secret replaced, and keeps the
// first write error.
type masker struct {
	w        io.Writer
	replacer *strings.Replacer
	err      error
}

func newMasker(w io.Writer, secrets []string) *masker {
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, redacted)
	}
	return &masker{w: w, replacer: strings.NewReplacer(pairs...)}
}

func (m *masker) Write(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if _, err := io.WriteString(m.w, m.replacer.Replace(string(p))); err != nil {
		m.err = err
		return 0, err
	}
	return len(p), nil
}

// newFlagSet is a subcommand's flag set that prints usage to stderr.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}
