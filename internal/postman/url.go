package postman

import (
	"encoding/json"
	"strings"
)

// URL is a request URL. Postman writes it as a string or as an object with
// the raw text and its parsed parts; both end up here with the parts set.
type URL struct {
	Raw      string
	Protocol string
	Host     []string
	Port     string
	Path     []string
	Query    KeyValues
	Variable []Variable
	Hash     string
	Extra    Extra
}

// UnmarshalJSON accepts a URL string or a URL object.
func (u *URL) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*u = parseRawURL(s)
		return nil
	}
	var obj struct {
		Raw      string     `json:"raw"`
		Protocol string     `json:"protocol"`
		Host     segments   `json:"host"`
		Port     Scalar     `json:"port"`
		Path     segments   `json:"path"`
		Query    KeyValues  `json:"query"`
		Variable []Variable `json:"variable"`
		Hash     string     `json:"hash"`
	}
	extra, err := decodeObject(data, &obj)
	if err != nil {
		return err
	}
	*u = URL{Raw: obj.Raw, Protocol: obj.Protocol, Host: obj.Host, Port: string(obj.Port),
		Path: obj.Path, Query: obj.Query, Variable: obj.Variable, Hash: obj.Hash, Extra: extra}
	if len(u.Host) == 0 && len(u.Path) == 0 && u.Raw != "" {
		parsed := parseRawURL(u.Raw)
		parsed.Variable, parsed.Extra = u.Variable, u.Extra
		if len(u.Query) > 0 {
			parsed.Query = u.Query
		}
		*u = parsed
	}
	return nil
}

// segments is a host or path: "a.b" / "a/b", or a list whose entries are
// strings or {type, value} objects.
type segments []string

// UnmarshalJSON accepts the string and list forms.
func (s *segments) UnmarshalJSON(data []byte) error {
	var str string
	if json.Unmarshal(data, &str) == nil {
		*s = splitSegments(str)
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	out := make(segments, 0, len(list))
	for _, raw := range list {
		var seg string
		if json.Unmarshal(raw, &seg) != nil {
			var obj struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(raw, &obj); err != nil {
				return err
			}
			seg = obj.Value
		}
		out = append(out, seg)
	}
	*s = out
	return nil
}

// splitSegments splits a path string at "/", dropping empty segments.
func splitSegments(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "/") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseRawURL splits a URL as Postman writes it ({{vars}} allowed
// anywhere) into protocol, host, port, path, query and hash.
func parseRawURL(raw string) URL {
	u := URL{Raw: raw}
	rest := strings.TrimSpace(raw)
	if before, after, ok := strings.Cut(rest, "#"); ok {
		rest, u.Hash = before, after
	}
	if before, after, ok := strings.Cut(rest, "?"); ok {
		rest = before
		for _, pair := range strings.Split(after, "&") {
			if pair == "" {
				continue
			}
			k, v, _ := strings.Cut(pair, "=")
			u.Query = append(u.Query, KeyValue{Key: k, Value: Scalar(v)})
		}
	}
	if i := strings.Index(rest, "://"); i >= 0 && !strings.Contains(rest[:i], "/") {
		u.Protocol, rest = rest[:i], rest[i+3:]
	}
	host, path, _ := strings.Cut(rest, "/")
	if h, port, ok := strings.Cut(host, ":"); ok && !strings.Contains(port, "}") {
		host, u.Port = h, port
	}
	if host != "" {
		u.Host = []string{host}
	}
	u.Path = splitSegments(path)
	return u
}

// Auth is an authentication block of a collection, folder or request.
// Attrs holds the attributes of the active type (for apikey: key, value,
// in); Postman v2.1 writes them as a list of {key, value}, v2.0 as an
// object, and both are accepted.
type Auth struct {
	Type  string
	Attrs map[string]string
	Extra Extra
}

// UnmarshalJSON decodes {type, <type>: attributes, ...}.
func (a *Auth) UnmarshalJSON(data []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	*a = Auth{Attrs: map[string]string{}}
	if raw, ok := obj["type"]; ok {
		if err := json.Unmarshal(raw, &a.Type); err != nil {
			return err
		}
	}
	for k, raw := range obj {
		switch k {
		case "type":
		case a.Type:
			attrs, err := authAttrs(raw)
			if err != nil {
				return err
			}
			a.Attrs = attrs
		default:
			if a.Extra == nil {
				a.Extra = Extra{}
			}
			a.Extra[k] = raw
		}
	}
	return nil
}

func authAttrs(raw json.RawMessage) (map[string]string, error) {
	out := map[string]string{}
	var list []struct {
		Key   string `json:"key"`
		Value Scalar `json:"value"`
	}
	if json.Unmarshal(raw, &list) == nil {
		for _, kv := range list {
			out[kv.Key] = string(kv.Value)
		}
		return out, nil
	}
	var obj map[string]Scalar
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	for k, v := range obj {
		out[k] = string(v)
	}
	return out, nil
}
