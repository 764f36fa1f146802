package postman

import (
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// mediaType returns the bare media type of a Content-Type value, or "".
func mediaType(v string) string {
	if strings.Contains(v, "{{") {
		return ""
	}
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return ""
	}
	return mt
}

// languageTypes maps Postman's raw-body language to a media type.
var languageTypes = map[string]string{
	"json": "application/json", "xml": "application/xml", "html": "text/html",
	"text": "text/plain", "javascript": "application/javascript", "graphql": "application/graphql",
}

// unquotedVar matches a {{variable}} standing where a JSON value goes,
// which makes the body invalid JSON until Postman substitutes it.
var unquotedVar = regexp.MustCompile(`([:\[,]\s*)(\{\{[^{}"]*\}\})`)

// requestBody converts a body in any of Postman's modes.
func (c *converter) requestBody(b *Body, contentType, opID, where string) *yaml.Node {
	if len(b.Extra) > 0 {
		c.note(where, "its body has %s, which the draft keeps as x-postman-body", strings.Join(b.Extra.Keys(), ", "))
	}
	rb := mapNode()
	content := mapNode()
	set(rb, "required", boolNode(true))
	name := pascal(opID) + "Request"
	switch b.Mode {
	case "raw", "":
		mt := contentType
		if mt == "" {
			mt = languageTypes[b.Options.Raw.Language]
		}
		if strings.TrimSpace(b.Raw) == "" {
			if b.Mode == "" && len(b.Extra) == 0 {
				return nil
			}
			c.note(where, "has an empty raw body; requestBody has no example")
			if mt == "" {
				mt = "application/octet-stream"
			}
			set(content, mt, mapNode())
			break
		}
		set(content, c.orDefault(mt, b.Raw), c.media(b.Raw, mt, name, "the example body of "+where, where))
	case "urlencoded", "formdata":
		mt := "application/x-www-form-urlencoded"
		if b.Mode == "formdata" {
			mt = "multipart/form-data"
		}
		set(content, mt, c.formMedia(b.FormData, b.URLEncoded, b.Mode, name, where))
	case "file":
		schema := mapNode()
		set(schema, "type", strNode("string"))
		set(schema, "format", strNode("binary"))
		m := mapNode()
		set(m, "schema", schema)
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		set(content, contentType, m)
	default:
		c.note(where, "has a %s body, which the draft cannot describe; kept as x-postman-body", b.Mode)
		set(rb, "required", nil)
		rb.Content = nil
		set(rb, "description", strNode("A Postman "+b.Mode+" body; see x-postman-body."))
		set(content, "application/json", mapNode())
	}
	if b.Disabled {
		set(rb, "x-postman-disabled", boolNode(true))
		c.note(where, "its body is disabled in Postman; kept, marked x-postman-disabled")
	}
	set(rb, "content", content)
	if len(b.Extra) > 0 || !slices.Contains([]string{"raw", "", "urlencoded", "formdata", "file"}, b.Mode) {
		keep := Extra{}
		for k, v := range b.Extra {
			keep[k] = v
		}
		keep["mode"] = quoteJSON(b.Mode)
		if len(b.GraphQL) > 0 {
			keep["graphql"] = b.GraphQL
		}
		set(rb, "x-postman-body", c.extraNode(keep))
	}
	return rb
}

// orDefault picks the media type of a raw body: the declared one, JSON
// when it parses as JSON, or plain text.
func (c *converter) orDefault(mt, raw string) string {
	if mt != "" {
		return mt
	}
	stripped, _ := stripJSONComments(raw)
	if _, err := jsonNode([]byte(quoteVars(stripped))); err == nil {
		return "application/json"
	}
	return "text/plain"
}

// quoteVars quotes {{variables}} that stand where a JSON value goes.
func quoteVars(raw string) string {
	return unquotedVar.ReplaceAllString(raw, `$1"$2"`)
}

// jsonExample parses an example body. Comments (// optional) are
// stripped first. A {{variable}} standing unquoted where a value goes is
// typed from the value Postman would send, the collection variable's
// type, or the collection's description, in that order; failing all
// three it is guessed to be a number. Each of these is reported in a note
// on where (none when where is ""). A quoted {{variable}} is replaced by
// its value when a scope gives one, and otherwise stays as the text.
func (c *converter) jsonExample(raw, where string) (*yaml.Node, error) {
	if stripped, had := stripJSONComments(raw); had {
		if _, err := jsonNode([]byte(quoteVars(stripped))); err == nil {
			raw = stripped
			c.noteOnce(where, "its JSON body has comments (such as // optional), which JSON does not allow; the draft parses it without them")
		}
	}
	var typed []string // notes, added once the body parses
	raw = unquotedVar.ReplaceAllStringFunc(raw, func(m string) string {
		sub := unquotedVar.FindStringSubmatch(m)
		name := varRef.FindStringSubmatch(sub[2])[1]
		c.used[name] = true
		value, how := c.typedVar(name)
		typed = append(typed, fmt.Sprintf("its body has {{%s}} unquoted where a JSON value goes; %s", name, how))
		return sub[1] + value
	})
	n, err := jsonNode([]byte(raw))
	if err != nil {
		return nil, err
	}
	for _, t := range typed {
		c.noteOnce(where, "%s", t)
	}
	c.substitute(n)
	return n, nil
}

// typedVar returns the JSON text an unquoted {{name}} stands for in an
// example, and how the draft decided on it, for the note.
func (c *converter) typedVar(name string) (value, how string) {
	for _, sc := range c.scopes() {
		v, ok := sc.values[name]
		if !ok || v.Type == "secret" || credentialVarName.MatchString(name) {
			continue
		}
		text := string(v.Value)
		if text == "" || strings.Contains(text, "{{") {
			continue
		}
		origin := "the collection's variables"
		if sc.name != "" {
			origin = "the environment \"" + sc.name + "\""
		}
		if n, err := jsonNode([]byte(text)); err == nil && n.Kind == yaml.ScalarNode && n.Tag != "!!str" {
			return text, fmt.Sprintf("typed %s from its value %s in %s", jsonTypeOf(n), text, origin)
		}
		return string(quoteJSON(text)), fmt.Sprintf("typed string from its value in %s (the request sends it unquoted, which is not valid JSON unless the value is)", origin)
	}
	for _, v := range c.src.Collection.Variable {
		if v.name() != name {
			continue
		}
		switch strings.ToLower(v.Type) {
		case "boolean":
			return "true", "typed boolean from the collection variable's type; the example value true is a placeholder"
		case "number":
			return "0", "typed number from the collection variable's type; the example value 0 is a placeholder"
		}
	}
	if typ, ok := typeFromProse(name, string(c.src.Collection.Info.Description)); ok {
		return typeExample[typ], fmt.Sprintf("typed %s from the collection's description; the example value %s is a placeholder", typ, typeExample[typ])
	}
	return "0", "nothing gives its type or value, so it is a guess: a number (a string would be quoted), example 0; check it"
}

// typeExample is the placeholder example value of each JSON type.
var typeExample = map[string]string{"integer": "1", "number": "1.5", "boolean": "true"}

// proseTypes maps the words a description uses for a type.
var proseTypes = map[string]string{
	"integer": "integer", "int": "integer", "count": "integer", "number": "number",
	"float": "number", "decimal": "number", "boolean": "boolean", "bool": "boolean", "flag": "boolean",
}

// typeFromProse finds "`name` is the number of rooms (integer)" in text:
// the type word nearest after the variable's name, in the same sentence.
func typeFromProse(name, text string) (string, bool) {
	re := regexp.MustCompile(`(?i)` + "`?" + regexp.QuoteMeta(name) + "`?" + `\b([^.;\n]{0,80})`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	// The last type word wins: "the number of rooms (integer)".
	words := typeWord.FindAllString(m[1], -1)
	if len(words) == 0 {
		return "", false
	}
	return proseTypes[strings.ToLower(words[len(words)-1])], true
}

var typeWord = regexp.MustCompile(`(?i)\b(integer|int|count|number|float|decimal|boolean|bool|flag)\b`)

// jsonTypeOf names the JSON Schema type of a YAML scalar.
func jsonTypeOf(n *yaml.Node) string {
	switch n.Tag {
	case "!!int":
		return "integer"
	case "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "null"
	}
	return "string"
}

// stripJSONComments removes // and /* */ comments outside strings and
// reports whether there were any.
func stripJSONComments(s string) (string, bool) {
	var b strings.Builder
	inString, had := false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case inString:
			b.WriteByte(ch)
			if ch == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if ch == '"' {
				inString = false
			}
		case ch == '"':
			inString = true
			b.WriteByte(ch)
		case ch == '/' && i+1 < len(s) && s[i+1] == '/':
			had = true
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if i < len(s) {
				b.WriteByte('\n')
			}
		case ch == '/' && i+1 < len(s) && s[i+1] == '*':
			had = true
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return s, false // not a comment after all: leave the text alone
			}
			i += end + 3
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), had
}

// substitute replaces {{variables}} inside string values of an example.
func (c *converter) substitute(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(n.Value, "{{") {
		n.Value = varRef.ReplaceAllStringFunc(n.Value, func(m string) string {
			name := varRef.FindStringSubmatch(m)[1]
			c.used[name] = true
			if v, ok := c.concreteVar(name); ok {
				return v
			}
			return m
		})
		*n = *strNode(n.Value)
		return
	}
	for _, ch := range n.Content {
		c.substitute(ch)
	}
}

// concreteVar returns the value the first scope gives a variable, unless
// it is secret, empty or itself a reference.
func (c *converter) concreteVar(name string) (string, bool) {
	for _, sc := range c.scopes() {
		v, ok := sc.values[name]
		if !ok || v.Type == "secret" || credentialVarName.MatchString(name) {
			continue
		}
		if s := string(v.Value); s != "" && !strings.Contains(s, "{{") {
			return s, true
		}
	}
	return "", false
}

// media builds a media type object from an example text: for JSON, the
// example and a components schema inferred from it; otherwise the text.
func (c *converter) media(raw, mt, schemaName, origin, where string) *yaml.Node {
	m := mapNode()
	if mt == "" || isJSONType(mt) {
		ex, err := c.jsonExample(raw, where)
		if err == nil {
			set(m, "schema", c.namedSchema(schemaName, ex, origin))
			set(m, "example", ex)
			return m
		}
		c.note(where, "an example body is not valid JSON (%v); kept as a string example", err)
	}
	schema := mapNode()
	set(schema, "type", strNode("string"))
	set(m, "schema", schema)
	set(m, "example", strNode(raw))
	return m
}

func isJSONType(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// namedSchema adds a components schema inferred from an example and
// returns a $ref to it.
func (c *converter) namedSchema(name string, example *yaml.Node, origin string) *yaml.Node {
	name = uniqueName(c.schemaIDs, name)
	var guesses []string
	s := inferSchema("", example, &guesses)
	msg := "types inferred from one example"
	if len(guesses) > 0 {
		msg += "; guessed " + strings.Join(guesses, ", ")
	}
	c.note("schema "+name, "%s (%s); check them against the API's documentation", msg, origin)
	// The description goes first, as a human reads it.
	s.Content = append([]*yaml.Node{strNode("description"), strNode("Inferred from " + origin + ".")}, s.Content...)
	set(c.schemas, name, s)
	ref := mapNode()
	set(ref, "$ref", strNode("#/components/schemas/"+name))
	return ref
}

// formMedia converts urlencoded or form-data fields.
func (c *converter) formMedia(formdata, urlencoded KeyValues, mode, name, where string) *yaml.Node {
	fields := urlencoded
	if mode == "formdata" {
		fields = formdata
	}
	schema := mapNode()
	set(schema, "type", strNode("object"))
	set(schema, "description", strNode("Inferred from the "+mode+" fields of "+where+"."))
	props := mapNode()
	example := mapNode()
	for _, f := range fields {
		if f.Key == "" || get(props, f.Key) != nil {
			continue
		}
		c.markVars(string(f.Value))
		p := mapNode()
		if f.Type == "file" {
			set(p, "type", strNode("string"))
			set(p, "format", strNode("binary"))
		} else {
			typ, ex := scalarExample(string(f.Value))
			set(p, "type", strNode(typ))
			if typ == "string" {
				set(p, "format", formatOf(f.Key, string(f.Value)))
			}
			if ex != nil {
				set(example, f.Key, ex)
			}
		}
		if d := strings.TrimSpace(string(f.Description)); d != "" {
			set(p, "description", textNode(d))
		}
		if f.Disabled {
			set(p, "x-postman-disabled", boolNode(true))
		}
		set(props, f.Key, p)
	}
	set(schema, "properties", props)
	name = uniqueName(c.schemaIDs, name)
	set(c.schemas, name, schema)
	ref := mapNode()
	set(ref, "$ref", strNode("#/components/schemas/"+name))
	m := mapNode()
	set(m, "schema", ref)
	set(m, "example", example)
	return m
}

// responses converts the saved examples, grouped by status code.
func (c *converter) responses(saved []Response, accept, opID, where string) *yaml.Node {
	out := mapNode()
	if len(saved) == 0 {
		d := mapNode()
		set(d, "description", strNode("The collection saves no example response for this request."))
		set(out, "default", d)
		return out
	}
	var codes []string
	byCode := map[string][]Response{}
	for _, r := range saved {
		code := "default"
		if r.Code >= 100 && r.Code <= 599 {
			code = strconv.Itoa(r.Code)
		}
		if byCode[code] == nil {
			codes = append(codes, code)
		}
		byCode[code] = append(byCode[code], r)
	}
	slices.Sort(codes) // "default" sorts after the digits
	firstSuccess := ""
	for _, code := range codes {
		if code[0] == '2' && firstSuccess == "" {
			firstSuccess = code
		}
	}
	for _, code := range codes {
		set(out, code, c.response(byCode[code], code, code == firstSuccess, accept, opID, where))
	}
	return out
}

// response converts the saved examples of one status code.
func (c *converter) response(rs []Response, code string, primary bool, accept, opID, where string) *yaml.Node {
	n := mapNode()
	desc := strings.TrimSpace(rs[0].Name)
	if desc == "" {
		desc = strings.TrimSpace(rs[0].Status)
	}
	if desc == "" {
		if i, err := strconv.Atoi(code); err == nil {
			desc = http.StatusText(i)
		}
	}
	if desc == "" {
		desc = "Saved example response."
	}
	set(n, "description", strNode(desc))
	headers := mapNode()
	var types []string
	byType := map[string][]Response{}
	var extra Extra
	for _, r := range rs {
		mt := ""
		for _, h := range r.Header {
			name := strings.TrimSpace(h.Key)
			if strings.EqualFold(name, "Content-Type") {
				mt = mediaType(string(h.Value))
				continue
			}
			if name == "" || get(headers, name) != nil {
				continue
			}
			hn := mapNode()
			typ, ex := scalarExample(string(h.Value))
			schema := mapNode()
			set(schema, "type", strNode(typ))
			set(hn, "schema", schema)
			set(hn, "example", ex)
			set(headers, name, hn)
		}
		for _, k := range r.Extra.Keys() {
			extra = withRaw(extra, r.Name+"."+k, r.Extra[k])
		}
		if strings.TrimSpace(r.Body) == "" {
			continue
		}
		if mt == "" {
			mt = languageTypes[r.PreviewLanguage]
		}
		if mt == "" {
			mt = accept
		}
		mt = c.orDefault(mt, r.Body)
		if byType[mt] == nil {
			types = append(types, mt)
		}
		byType[mt] = append(byType[mt], r)
	}
	if len(headers.Content) > 0 {
		set(n, "headers", headers)
	}
	content := mapNode()
	for _, mt := range types {
		list := byType[mt]
		suffix := "Response"
		switch {
		case code == "default":
			suffix = "DefaultResponse"
		case !primary:
			suffix = code + "Response"
		}
		origin := fmt.Sprintf("the saved example %q of %s", list[0].Name, where)
		m := c.media(list[0].Body, mt, pascal(opID)+suffix, origin, where)
		if len(list) > 1 {
			exs := mapNode()
			for _, r := range list {
				value, err := c.jsonExample(r.Body, where)
				if err != nil || !isJSONType(mt) {
					value = strNode(r.Body)
				}
				e := mapNode()
				if r.Name != "" {
					set(e, "summary", strNode(r.Name))
				}
				set(e, "value", value)
				key := slug(r.Name)
				for j := 2; get(exs, key) != nil; j++ {
					key = slug(r.Name) + strconv.Itoa(j)
				}
				set(exs, key, e)
			}
			removeKey(m, "example")
			set(m, "examples", exs)
		}
		set(content, mt, m)
	}
	if len(content.Content) > 0 {
		set(n, "content", content)
	}
	c.unmapped(n, extra, where, "the response "+code)
	return n
}
