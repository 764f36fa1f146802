package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Sample is one answer a vendor document allows for an operation: an
// example it gives, or, where it gives none, an instance built from its
// response schema (see Generate).
type Sample struct {
	// Operation is "METHOD /path/{template}" as the document writes it.
	Operation string
	// Status is the HTTP status; Body is empty for responses without content.
	Status int
	Body   []byte
	// Origin says where the body comes from: "example", "example <name>",
	// "schema, typical values", "schema, edge values" or "no body".
	Origin string
}

// Name identifies the sample in test names and the table.
func (s Sample) Name() string { return fmt.Sprintf("%s %d (%s)", s.Operation, s.Status, s.Origin) }

// RequestExample is one request body a vendor document shows.
type RequestExample struct {
	// Method and Path are the operation's, the path as the document writes it.
	Method, Path string
	// ContentType is the media type the example belongs to.
	ContentType string
	// Value is the example as decoded from the document.
	Value any
}

// Name identifies the example in test names and API.Known.
func (ex RequestExample) Name() string { return ex.Method + " " + ex.Path + " " + ex.ContentType }

// ResponseSamples lists, for every operation and numbered status of the
// document, its JSON examples; where a status has content but no example,
// two instances generated from its schema; and a sample with no body where
// the document declares none.
func (o *OpenAPI) ResponseSamples() ([]Sample, error) {
	var out []Sample
	for _, path := range o.doc.Paths.InMatchingOrder() {
		item := o.doc.Paths.Value(path)
		for _, method := range sortedMethods(item) {
			op := item.GetOperation(method)
			opName := method + " " + path
			for _, code := range sortedCodes(op.Responses) {
				status, _ := strconv.Atoi(code)
				resp := op.Responses.Value(code).Value
				samples, err := responseSamples(opName, status, resp)
				if err != nil {
					return nil, err
				}
				out = append(out, samples...)
			}
		}
	}
	return out, nil
}

func responseSamples(opName string, status int, resp *openapi3.Response) ([]Sample, error) {
	mt := jsonMedia(resp.Content)
	if mt == nil {
		return []Sample{{Operation: opName, Status: status, Origin: "no body"}}, nil
	}
	var out []Sample
	add := func(origin string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("conformance: %s %d %s: %w", opName, status, origin, err)
		}
		out = append(out, Sample{Operation: opName, Status: status, Body: b, Origin: origin})
		return nil
	}
	if mt.Example != nil {
		if err := add("example", mt.Example); err != nil {
			return nil, err
		}
	}
	for _, name := range sortedKeys(mt.Examples) {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil {
			if err := add("example "+name, ex.Value.Value); err != nil {
				return nil, err
			}
		}
	}
	if mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil {
		if err := add("schema example", mt.Schema.Value.Example); err != nil {
			return nil, err
		}
	}
	if len(out) > 0 || mt.Schema == nil {
		return out, nil
	}
	for _, edge := range []bool{false, true} {
		v := Generate(mt.Schema.Value, edge)
		if err := mt.Schema.Value.VisitJSON(v); err != nil {
			return nil, fmt.Errorf("conformance: %s %d: the instance generated from the schema does not validate against it (give the document an example): %w", opName, status, err)
		}
		origin := "schema, typical values"
		if edge {
			origin = "schema, edge values"
		}
		if err := add(origin, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RequestExamples lists the request bodies the document shows: the
// examples of every media type of every request body, and the examples of
// their schemas.
func (o *OpenAPI) RequestExamples() []RequestExample {
	var out []RequestExample
	for _, path := range o.doc.Paths.InMatchingOrder() {
		item := o.doc.Paths.Value(path)
		for _, method := range sortedMethods(item) {
			op := item.GetOperation(method)
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, ct := range sortedKeys(op.RequestBody.Value.Content) {
				mt := op.RequestBody.Value.Content[ct]
				var values []any
				if mt.Example != nil {
					values = append(values, mt.Example)
				}
				for _, name := range sortedKeys(mt.Examples) {
					if ex := mt.Examples[name]; ex != nil && ex.Value != nil {
						values = append(values, ex.Value.Value)
					}
				}
				if mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil {
					values = append(values, mt.Schema.Value.Example)
				}
				for _, v := range values {
					out = append(out, RequestExample{Method: method, Path: path, ContentType: ct, Value: v})
				}
			}
		}
	}
	return out
}

// Generate builds an instance of schema. With edge false it uses ordinary
// values (the schema's examples and defaults where it has them, "text", 1,
// true, the first enum value); with edge true it uses the values a careless
// decoder trips over while the schema still allows them: empty strings,
// zero, false, the last enum value, null wherever null is allowed (and for
// schemas without a type). Objects get every property they declare; arrays
// get one item; oneOf and anyOf take their first branch (edge: the last).
func Generate(schema *openapi3.Schema, edge bool) any {
	return generate(schema, edge, 0)
}

func generate(s *openapi3.Schema, edge bool, depth int) any {
	if s == nil || depth > 10 {
		return nil
	}
	switch {
	case len(s.AllOf) > 0:
		merged := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := generate(sub.Value, edge, depth+1).(map[string]any); ok {
				for k, v := range m {
					merged[k] = v
				}
			}
		}
		return merged
	case len(s.OneOf) > 0:
		return generate(branch(s.OneOf, edge).Value, edge, depth+1)
	case len(s.AnyOf) > 0:
		return generate(branch(s.AnyOf, edge).Value, edge, depth+1)
	}
	if edge && (s.Nullable || s.Type == nil || len(s.Type.Slice()) == 0) {
		return nil
	}
	if !edge && s.Example != nil {
		return s.Example
	}
	if !edge && s.Default != nil {
		return s.Default
	}
	if len(s.Enum) > 0 {
		if edge {
			return s.Enum[len(s.Enum)-1]
		}
		return s.Enum[0]
	}
	switch {
	case s.Type.Is("object"):
		obj := map[string]any{}
		for _, name := range sortedKeys(s.Properties) {
			obj[name] = generate(s.Properties[name].Value, edge, depth+1)
		}
		return obj
	case s.Type.Is("array"):
		if s.Items == nil {
			return []any{}
		}
		return []any{generate(s.Items.Value, edge, depth+1)}
	case s.Type.Is("string"):
		return generatedString(s, edge)
	case s.Type.Is("integer"):
		if edge {
			return 0
		}
		return 1
	case s.Type.Is("number"):
		if edge {
			return 0
		}
		return 1.5
	case s.Type.Is("boolean"):
		return !edge
	}
	return "text" // no type: any value is allowed; a string is the common one
}

func generatedString(s *openapi3.Schema, edge bool) string {
	switch s.Format {
	case "date-time":
		return "2025-05-19T07:29:12Z"
	case "date":
		return "2025-05-19"
	case "email":
		return "ada@example.com"
	case "uri", "url":
		return "https://example.com/x"
	}
	if edge && s.MinLength == 0 {
		return ""
	}
	return strings.Repeat("x", max(int(s.MinLength), 4))
}

func branch(refs openapi3.SchemaRefs, edge bool) *openapi3.SchemaRef {
	if edge {
		return refs[len(refs)-1]
	}
	return refs[0]
}

func jsonMedia(content openapi3.Content) *openapi3.MediaType {
	for _, ct := range sortedKeys(content) {
		if ct == "application/json" || strings.HasSuffix(ct, "+json") {
			return content[ct]
		}
	}
	return nil
}

func sortedMethods(item *openapi3.PathItem) []string {
	var out []string
	for m := range item.Operations() {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

func sortedCodes(r *openapi3.Responses) []string {
	var out []string
	for code := range r.Map() {
		if _, err := strconv.Atoi(code); err == nil {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Answer returns an http.RoundTripper that answers every request with the
// sample, so a client can be made to decode it without a server.
func Answer(s Sample) http.RoundTripper {
	return answer(s)
}

type answer Sample

func (a answer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	h := http.Header{"X-Request-Id": {"conformance-sample"}}
	if len(a.Body) > 0 {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	return &http.Response{
		StatusCode:    a.Status,
		Status:        fmt.Sprintf("%d %s", a.Status, http.StatusText(a.Status)),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(string(a.Body))),
		ContentLength: int64(len(a.Body)),
		Request:       req,
	}, nil
}

// EncodeExample renders a request example as a body of its content type:
// JSON as is; multipart/form-data with one part per top-level member, where
// a member whose schema would be a file (a string such as
// "path/to/data_import.csv") is sent as a file of that name whose content
// is the string itself.
func EncodeExample(ex RequestExample) (body []byte, contentType string, err error) {
	if ex.ContentType != "multipart/form-data" {
		b, err := json.Marshal(ex.Value)
		return b, ex.ContentType, err
	}
	obj, ok := ex.Value.(map[string]any)
	if !ok {
		return nil, "", fmt.Errorf("conformance: multipart example of %s %s is not an object", ex.Method, ex.Path)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, name := range sortedKeys(obj) {
		text := fmt.Sprint(obj[name])
		var w io.Writer
		if strings.Contains(text, "/") || path.Ext(text) != "" {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, name, path.Base(text)))
			h.Set("Content-Type", fileType(text))
			w, err = mw.CreatePart(h)
		} else {
			w, err = mw.CreateFormField(name)
		}
		if err != nil {
			return nil, "", err
		}
		if _, err := io.WriteString(w, text); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}

// fileType is the media type of an example file, fixed here rather than
// read from the system's MIME table so that every machine sends the same.
func fileType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return "text/csv"
	case ".ndjson", ".jsonl":
		return "application/x-ndjson"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}
