package transport

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeCommonError is the best-effort decoder used when an API has none.
// It understands the shapes the four vendors and most JSON APIs use:
//
//	{"message": "...", "code": "..."}          flat
//	{"error": "..."}                            ActiveProspect
//	{"error": {"message": "...", "code": 42}}   nested
//	{"errors": ["..."]} / {"errors": [{...}]}   Userpilot
//	{"response": {"status": "error", "message": "..."}}   Usermost
//
// A short plain-text body becomes the message, so a proxy's "upstream
// timed out" is not lost.
func decodeCommonError(_ int, body []byte) (code, message string) {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return "", plainMessage(body)
	}
	return errorFields(v, 0)
}

func errorFields(v any, depth int) (code, message string) {
	if depth > 3 {
		return "", ""
	}
	switch t := v.(type) {
	case string:
		return "", t
	case []any:
		var msgs []string
		for _, item := range t {
			c, m := errorFields(item, depth+1)
			if code == "" {
				code = c
			}
			if m != "" {
				msgs = append(msgs, m)
			}
		}
		return code, strings.Join(msgs, "; ")
	case map[string]any:
		code = scalar(t, "code", "error_code", "errorCode", "type")
		message = scalar(t, "message", "error_description", "detail", "title", "msg")
		for _, k := range []string{"error", "errors", "response"} {
			if message != "" && code != "" {
				break
			}
			inner, ok := t[k]
			if !ok {
				continue
			}
			c, m := errorFields(inner, depth+1)
			if code == "" {
				code = c
			}
			if message == "" {
				message = m
			}
		}
		return code, message
	}
	return "", ""
}

// scalar returns the first of keys holding a string or a number.
func scalar(m map[string]any, keys ...string) string {
	for _, k := range keys {
		switch x := m[k].(type) {
		case string:
			if x != "" {
				return x
			}
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return ""
}

// plainMessage keeps a short one-line text body; HTML pages and long dumps
// stay in Error.Body only.
func plainMessage(body []byte) string {
	s := strings.TrimSpace(string(body))
	if s == "" || len(s) > 200 || strings.ContainsAny(s, "\n<") || !utf8.ValidString(s) {
		return ""
	}
	return s
}
