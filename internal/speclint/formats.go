package speclint

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The string formats below are checked the way Spectral and Redocly check
// them: both validate examples with AJV and its ajv-formats plugin in
// "full" mode, whose definitions these port (the regular expressions are
// theirs, rewritten where Go's RE2 has no lookahead). kin-openapi checks
// only date, date-time and byte by default and accepts, for example,
// "MyP@ssword4" as an e-mail address. date-time stays kin-openapi's,
// which is stricter than AJV's (it wants the T and a time zone).
var ajvFormats = map[string]openapi3.StringFormatValidator{
	"email":                 regexpFormat(`(?i)^[a-z0-9!#$%&'*+/=?^_`+"`"+`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`+"`"+`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`, "an e-mail address whose domain has a dot, such as ada@example.com"),
	"uri":                   funcFormat(isAJVURI, "an absolute URI with a scheme, such as https://example.com/x"),
	"uri-reference":         regexpFormat(`(?i)^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:[0-9a-f:.]+|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$`, "a URI reference without spaces"),
	"uuid":                  regexpFormat(`(?i)^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$`, "a UUID such as 123e4567-e89b-12d3-a456-426614174000"),
	"ipv4":                  funcFormat(ipv4RE.MatchString, "a dotted IPv4 address"),
	"ipv6":                  funcFormat(isIPv6, "an IPv6 address"),
	"hostname":              funcFormat(isHostname, "a host name of dot-separated labels"),
	"date":                  funcFormat(isDate, "a calendar date such as 2024-02-29"),
	"time":                  funcFormat(func(s string) bool { return isTime(s, false) }, "a time such as 10:15:00Z"),
	"duration":              funcFormat(isDuration, "an ISO 8601 duration such as P1DT2H"),
	"json-pointer":          regexpFormat(`^(?:\/(?:[^~/]|~0|~1)*)*$`, "a JSON pointer such as /a/b"),
	"relative-json-pointer": regexpFormat(`^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$`, "a relative JSON pointer"),
	"uri-template":          regexpFormat(`(?i)^(?:(?:[^\x00-\x20"'<>%\\^`+"`"+`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$`, "a URI template"),
	"regex":                 funcFormat(isRegex, "a regular expression"),
	"byte":                  regexpFormat(`^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`, "base64 with padding"),
}

// formatError is the error of a format validator: what the value should be.
type formatError string

func (e formatError) Error() string { return "want " + string(e) }

type stringFormat func(string) error

func (f stringFormat) Validate(s string) error { return f(s) }

func regexpFormat(expr, want string) openapi3.StringFormatValidator {
	re := regexp.MustCompile(expr)
	return funcFormat(re.MatchString, want)
}

func funcFormat(ok func(string) bool, want string) openapi3.StringFormatValidator {
	return stringFormat(func(s string) error {
		if ok(s) {
			return nil
		}
		return formatError(want)
	})
}

// uriRE is ajv-formats' URI expression; isAJVURI adds its other test.
var uriRE = regexp.MustCompile(`(?i)^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:[0-9a-f:.]+|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$`)

func isAJVURI(s string) bool {
	return strings.ContainsAny(s, "/:") && uriRE.MatchString(s)
}

var ipv4RE = regexp.MustCompile(`^(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)$`)

var ipv6Chars = regexp.MustCompile(`(?i)^[0-9a-f:.]+$`)

func isIPv6(s string) bool {
	if !ipv6Chars.MatchString(s) || !strings.Contains(s, ":") {
		return false
	}
	groups := strings.Split(s, ":")
	if strings.Count(s, "::") > 1 || len(groups) > 8 {
		return false
	}
	for i, g := range groups {
		if g == "" {
			continue
		}
		if i == len(groups)-1 && strings.Contains(g, ".") {
			if !ipv4RE.MatchString(g) {
				return false
			}
			continue
		}
		if len(g) > 4 || strings.Contains(g, ".") {
			return false
		}
	}
	return strings.Contains(s, "::") || len(groups) == 8 || (len(groups) == 7 && strings.Contains(groups[6], "."))
}

var hostnameRE = regexp.MustCompile(`(?i)^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$`)

func isHostname(s string) bool {
	return len(strings.TrimSuffix(s, ".")) >= 1 && len(strings.TrimSuffix(s, ".")) <= 253 && hostnameRE.MatchString(s)
}

var dateRE = regexp.MustCompile(`^(\d\d\d\d)-(\d\d)-(\d\d)$`)

func isDate(s string) bool {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	days := []int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if mo < 1 || mo > 12 || d < 1 {
		return false
	}
	if mo == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return d <= 29
	}
	return d <= days[mo]
}

var timeRE = regexp.MustCompile(`(?i)^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$`)

func isTime(s string, withZone bool) bool {
	m := timeRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(m[3])
	ok := (h <= 23 && mi <= 59 && sec <= 59) || (h == 23 && mi == 59 && sec == 60)
	return ok && (!withZone || m[5] != "")
}

var durationRE = regexp.MustCompile(`^P((\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$`)

func isDuration(s string) bool {
	if !durationRE.MatchString(s) || s == "P" {
		return false
	}
	_, t, hasT := strings.Cut(s, "T")
	return !hasT || (t != "" && t[0] >= '0' && t[0] <= '9')
}

func isRegex(s string) bool {
	if regexp.MustCompile(`[^\\]\\Z`).MatchString(s) {
		return false
	}
	_, err := regexp.Compile(s)
	return err == nil
}
