package postman

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		input   string
		wantErr string
		check   func(t *testing.T, s *Source)
	}{
		{name: "v2.1 with typed url, list auth and described variables", input: `{
			"info": {"name": "A", "description": {"content": "Docs"}, "version": {"major": 1, "minor": 2, "patch": 3}},
			"auth": {"type": "apikey", "apikey": [{"key": "key", "value": "ApiKey"}, {"key": "in", "value": "header"}]},
			"item": [{"name": "f", "item": []}, {"name": "r", "request": {"method": "PUT", "url": {"raw": "{{u}}/x/:id?a=1", "host": ["{{u}}"], "path": ["x", ":id"], "query": [{"key": "a", "value": "1"}]}}}]}`,
			check: func(t *testing.T, s *Source) {
				c := s.Collection
				if c.Info.Description != "Docs" || c.Info.Version != "1.2.3" {
					t.Errorf("info = %+v", c.Info)
				}
				if c.Auth.Type != "apikey" || c.Auth.Attrs["key"] != "ApiKey" || c.Auth.Attrs["in"] != "header" {
					t.Errorf("auth = %+v", c.Auth)
				}
				if !c.Item[0].IsFolder() || c.Item[1].IsFolder() {
					t.Error("an item with an empty item list is a folder; one with a request is not")
				}
				u := c.Item[1].Request.URL
				if strings.Join(u.Path, "/") != "x/:id" || u.Host[0] != "{{u}}" || u.Query[0].Value != "1" {
					t.Errorf("url = %+v", u)
				}
			}},
		{name: "v2.0 string url, header string, map auth, request as a string", input: `{
			"info": {"name": "B"},
			"item": [
				{"name": "s", "request": {"url": "https://h.example.com:8443/a/b?x=1&y#frag", "method": "POST", "header": "X-One: 1\nX-Two: two",
					"auth": {"type": "bearer", "bearer": {"token": "{{t}}"}}}},
				{"name": "bare", "request": "{{base}}/ping"}]}`,
			check: func(t *testing.T, s *Source) {
				r := s.Collection.Item[0].Request
				u := r.URL
				if u.Protocol != "https" || u.Host[0] != "h.example.com" || u.Port != "8443" || strings.Join(u.Path, "/") != "a/b" || u.Hash != "frag" || len(u.Query) != 2 {
					t.Errorf("url = %+v", u)
				}
				if len(r.Header) != 2 || r.Header[1].Key != "X-Two" || r.Header[1].Value != "two" {
					t.Errorf("headers = %+v", r.Header)
				}
				if r.Auth.Attrs["token"] != "{{t}}" {
					t.Errorf("auth = %+v", r.Auth)
				}
				bare := s.Collection.Item[1].Request
				if bare.Method != "GET" || bare.URL.Host[0] != "{{base}}" {
					t.Errorf("bare request = %+v", bare)
				}
			}},
		{name: "unknown keys are kept", input: `{"info": {"name": "C", "x": 1}, "item": [], "protocolProfileBehavior": {}}`,
			check: func(t *testing.T, s *Source) {
				if _, ok := s.Collection.Extra["protocolProfileBehavior"]; !ok {
					t.Errorf("collection extra = %v", s.Collection.Extra.Keys())
				}
				if _, ok := s.Collection.Info.Extra["x"]; !ok {
					t.Errorf("info extra = %v", s.Collection.Info.Extra.Keys())
				}
			}},
		{name: "documenter envelope", input: `{"collection": {"info": {"name": "D", "customColor": {}}, "statusCode": 200}, "environments": [{"name": "e", "values": []}], "languages": "[]", "activeVersionTag": "latest", "mystery": 1}`,
			check: func(t *testing.T, s *Source) {
				if !s.Documenter || s.VersionTag != "latest" || len(s.Environments) != 1 {
					t.Errorf("source = %+v", s)
				}
				if strings.Join(s.Ignored, ",") != "collection.info.customColor,collection.statusCode,languages" {
					t.Errorf("ignored = %v", s.Ignored)
				}
				if _, ok := s.Unknown["mystery"]; !ok {
					t.Errorf("unknown = %v", s.Unknown.Keys())
				}
			}},
		{name: "environment file", input: `{"name": "e", "values": []}`, wantErr: "pass it with -env"},
		{name: "something else", input: `{"openapi": "3.0.3"}`, wantErr: "not a Postman collection"},
		{name: "not JSON", input: `openapi: 3.0.3`, wantErr: "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse([]byte(tt.input))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
		})
	}
}

func TestExpandServerVariables(t *testing.T) {
	t.Parallel()
	vars := func(kv ...string) scope {
		sc := scope{values: map[string]Variable{}}
		for i := 0; i < len(kv); i += 2 {
			sc.values[kv[i]] = Variable{Key: kv[i], Value: Scalar(kv[i+1])}
		}
		return sc
	}
	tests := []struct {
		name     string
		base     string
		sc       scope
		wantURL  string
		wantVars string
	}{
		{"nested variables resolve, a dangling one stays", "{{api_url}}",
			vars("api_url", "{{scheme}}://{{subdomain}}.{{domain}}", "scheme", "https", "domain", "userlot.app", "subdomain", "{{yourtenant}}"),
			"https://{subdomain}.userlot.app", "subdomain={{yourtenant}}"},
		{"concrete value", "{{base}}", vars("base", "https://api.example.com/v1"), "https://api.example.com/v1", ""},
		{"chain of single references", "{{a}}", vars("a", "{{b}}", "b", "https://b.example.com"), "https://b.example.com", ""},
		{"undefined", "{{nowhere}}", vars(), "{nowhere}", "nowhere={{nowhere}}"},
		{"empty", "https://{{region}}.example.com", vars("region", ""), "https://{region}.example.com", "region={{region}}"},
		{"a cycle ends", "{{a}}", vars("a", "x{{a}}"), "x{a}", "a=x{{a}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &converter{used: map[string]bool{}}
			url, sv := c.expand(tt.base, tt.sc)
			var got []string
			for _, v := range sv {
				got = append(got, v.name+"="+v.def)
			}
			if url != tt.wantURL || strings.Join(got, ",") != tt.wantVars {
				t.Errorf("expand(%q) = %q %v, want %q %q", tt.base, url, got, tt.wantURL, tt.wantVars)
			}
		})
	}
}

func TestOperationID(t *testing.T) {
	t.Parallel()
	tests := []struct{ method, path, want string }{
		{"get", "/api/v1/companies", "listCompanies"},
		{"get", "/api/v1/companies/{id}", "getCompany"},
		{"put", "/api/v1/end_users", "upsertEndUser"},
		{"put", "/api/v1/end_users/{id}", "updateEndUser"},
		{"patch", "/api/v1/end_users/{id}", "updateEndUser"},
		{"post", "/v1/addresses", "createAddress"},
		{"delete", "/v1/tickets/{id}", "deleteTicket"},
		{"put", "/api/v1/identify", "identify"},
		{"post", "/bulk_import", "bulkImport"},
		{"head", "/health", "checkHealth"},
		{"get", "/", "listResource"},
	}
	for _, tt := range tests {
		if got := operationID(tt.method, tt.path); got != tt.want {
			t.Errorf("operationID(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestFormatOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ key, value, want string }{
		{"id", "f7d54b32-b421-48f2-abf2-baaedd257f30", "uuid"},
		{"created", "2022-12-05T04:51:54Z", "date-time"},
		{"day", "2024-02-30", ""},
		{"day", "2024-02-28", "date"},
		{"site", "https://a.example.com/x", "uri"},
		{"contact", "some@abc.com", "email"},
		{"contact", "Ada <ada@example.com>", ""},
		{"email", "{{email}}", ""},
		{"name", "Gary f", ""},
		// Go's address parser accepts a domain without a dot; the
		// standard linters' e-mail format does not, nor does the draft.
		{"code", "MyP@ssword4", ""},
		{"contact", "frontdesk@localhost", ""},
		// A key that names a secret gets no format, whatever its value.
		{"password", "ada@example.com", ""},
		{"secret_answer", "maiden@name.example", ""},
		{"api_key", "123e4567-e89b-12d3-a456-426614174000", ""},
	}
	for _, tt := range tests {
		got := ""
		if n := formatOf(tt.key, tt.value); n != nil {
			got = n.Value
		}
		if got != tt.want {
			t.Errorf("formatOf(%q, %q) = %q, want %q", tt.key, tt.value, got, tt.want)
		}
	}
}

func TestTextNodeKeepsMarkdownBreaks(t *testing.T) {
	t.Parallel()
	n := textNode("- **Product**  \n  body text \nlast")
	if want := "- **Product**\\\n  body text\nlast\n"; n.Value != want {
		t.Errorf("textNode = %q, want %q", n.Value, want)
	}
}

func TestJSONNodeKeepsOrderAndNumbers(t *testing.T) {
	t.Parallel()
	n, err := jsonNode([]byte(`{"b": 1.50, "a": [true, null, "2022-12-05"], "b2": 10000000000000000001}`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := encode(n)
	if err != nil {
		t.Fatal(err)
	}
	want := "b: 1.50\na:\n  - true\n  - null\n  - '2022-12-05'\nb2: 10000000000000000001\n"
	if string(out) != want {
		t.Errorf("encoded = %q, want %q", out, want)
	}
	if _, err := jsonNode([]byte(`{} {}`)); err == nil {
		t.Error("trailing data accepted")
	}
}

func TestExtraNonEmpty(t *testing.T) {
	t.Parallel()
	e := Extra{"a": json.RawMessage(`[]`), "b": json.RawMessage(`{ }`), "c": json.RawMessage(`null`), "d": json.RawMessage(`0`)}
	if got := e.nonEmpty().Keys(); strings.Join(got, ",") != "d" {
		t.Errorf("nonEmpty keys = %v, want [d]", got)
	}
}

func TestStripJSONComments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		had      bool
	}{
		{`{"a": 1 // optional` + "\n}", `{"a": 1 ` + "\n}", true},
		{`{"url": "https://x.example/a"}`, `{"url": "https://x.example/a"}`, false},
		{`{"q": "say \"//\" here" /* note */}`, `{"q": "say \"//\" here" }`, true},
		{`{"a": 1} /* never closed`, `{"a": 1} /* never closed`, false},
		{`{"a": "unterminated`, `{"a": "unterminated`, false},
		{`// only a comment`, ``, true},
		{`"\`, `"\`, false},
	}
	for _, tt := range tests {
		got, had := stripJSONComments(tt.in)
		if got != tt.want || had != tt.had {
			t.Errorf("stripJSONComments(%q) = %q, %v; want %q, %v", tt.in, got, had, tt.want, tt.had)
		}
	}
}

func TestTypeFromProse(t *testing.T) {
	t.Parallel()
	text := "Variables: `roomCount` is the number of rooms (integer); `vip` is a flag. `totalprice` is the price in whole euros. Unrelated (boolean)."
	tests := []struct{ name, want string }{
		{"roomCount", "integer"},
		{"vip", "boolean"},
		{"totalprice", ""},
		{"missing", ""},
		{"a(b", ""},
	}
	for _, tt := range tests {
		got, _ := typeFromProse(tt.name, text)
		if got != tt.want {
			t.Errorf("typeFromProse(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLiteralIDs(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"e7e19a07-8c4f-4ff7-9d1c-5a0c1d6e2f11": true,
		"5f2b7c9e8a1d4e3b2c1a0f9e":             true,
		"1234567890":                           true,
		"1":                                    true,
		"v1":                                   false,
		"bookings":                             false,
		"5f2b7c9e8a1d4e3b2c1a0f9":              false,
	} {
		if got := isLiteralID(s); got != want {
			t.Errorf("isLiteralID(%q) = %v, want %v", s, got, want)
		}
	}
	seen := map[string]bool{"bookingId": true}
	if got := idParamName("bookings", seen); got != "bookingKey" {
		t.Errorf("idParamName with bookingId taken = %q", got)
	}
	if got := idParamName("", map[string]bool{}); got != "itemId" {
		t.Errorf("idParamName(\"\") = %q", got)
	}
}

func TestOperationIDsNeverCount(t *testing.T) {
	t.Parallel()
	taken := map[string]bool{}
	var got []string
	for _, op := range []struct{ method, path string }{
		{"post", "/guests/create"}, {"post", "/rooms/create"}, {"post", "/admin/rooms/create"},
		{"put", "/guests/edit"}, {"put", "/rooms/edit"}, {"delete", "/guests/{guestId}"},
		{"delete", "/rooms/{roomId}"}, {"put", "/booking/{bookingId}"}, {"patch", "/booking/{bookingId}"},
		{"get", "/booking/{bookingId}"}, {"get", "/v2/booking/{id}"},
	} {
		got = append(got, pickName(taken, operationIDs(op.method, op.path, []string{"Hotel"}), op.method))
	}
	want := []string{"createGuest", "createRoom", "createAdminRoom", "updateGuest", "updateRoom", "deleteGuest",
		"deleteRoom", "updateBooking", "patchBooking", "getBooking", "getHotelBooking"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids = %v\nwant  %v", got, want)
	}
}
