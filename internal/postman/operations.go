package postman

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cdpkit/cdpkit/internal/speclint"
	"gopkg.in/yaml.v3"
)

// operation is one converted request, kept until security and servers are
// decided for the whole document.
type operation struct {
	where        string
	method, path string
	base         string
	node         *yaml.Node
	scheme       string // "" none known, "-" Postman's noauth, else a scheme name
}

// openapiMethods are the HTTP methods a path item can hold.
var openapiMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// item converts a folder (recursively) or a request. auth is the nearest
// auth block above it.
func (c *converter) item(it *Item, folders []string, auth *Auth) {
	if it.Auth != nil && it.Auth.Type != "inherit" {
		auth = it.Auth
	}
	if it.IsFolder() {
		c.folders++
		path := append(slices.Clone(folders), strings.TrimSpace(it.Name))
		c.tag(strings.Join(path, " / "), it)
		for i := range it.Item {
			c.item(&it.Item[i], path, auth)
		}
		return
	}
	where := fmt.Sprintf("request %q", it.Name)
	if it.Request == nil {
		c.note(where, "has neither a request nor items; kept in x-postman-unconverted")
		c.unconverted(it, "no request")
		return
	}
	c.request(it, folders, auth, where)
}

// tag declares a folder as a tag, once.
func (c *converter) tag(name string, it *Item) {
	if c.tagNames[name] != nil {
		return
	}
	t := mapNode()
	set(t, "name", strNode(name))
	if d := strings.TrimSpace(string(it.Description)); d != "" {
		set(t, "description", textNode(d))
	}
	if id := it.key(); id != "" {
		set(t, "x-postman-id", strNode(id))
	}
	where := fmt.Sprintf("folder %q", name)
	c.events(t, it.Event, where)
	extra := it.Extra
	if len(it.Variable) > 0 {
		raw, _ := json.Marshal(it.Variable)
		extra = withRaw(extra, "variable", raw)
	}
	c.unmapped(t, extra, where, "the tag")
	c.tagNames[name] = t
	c.tags = append(c.tags, t)
}

func (c *converter) request(it *Item, folders []string, auth *Auth, where string) {
	r := it.Request
	method := strings.ToLower(strings.TrimSpace(r.Method))
	path, pathParams := c.pathOf(r.URL, fmt.Sprintf("request %q", it.Name))
	if !slices.Contains(openapiMethods, method) {
		c.note(where, "uses the method %s, which OpenAPI 3.0 cannot describe; kept in x-postman-unconverted", r.Method)
		c.unconverted(it, "method "+r.Method)
		return
	}
	c.requests++
	where = fmt.Sprintf("request %q (%s %s)", it.Name, strings.ToUpper(method), path)
	pi := child(c.paths, path)
	key := method + " " + path
	if first, dup := c.opIndex[key]; dup {
		c.duplicate(get(pi, method), it, where, first)
		return
	}
	c.opIndex[key] = it.Name
	base := c.baseOf(r.URL, where)
	if base != "" {
		if c.bases[base] == 0 {
			c.baseOrder = append(c.baseOrder, base)
		}
		c.bases[base]++
	}

	op := mapNode()
	if len(folders) > 0 {
		set(op, "tags", strList(strings.Join(folders, " / ")))
	}
	summary := strings.TrimSpace(it.Name)
	if summary == "" {
		summary = strings.ToUpper(method) + " " + path
	}
	set(op, "summary", strNode(summary))
	desc := strings.TrimSpace(string(r.Description))
	if desc == "" {
		desc = strings.TrimSpace(string(it.Description))
	}
	if desc == "" {
		desc = fmt.Sprintf("Converted from the Postman request %q, which has no description.", it.Name)
	}
	set(op, "description", textNode(desc))
	id := pickName(c.opIDs, operationIDs(method, path, folders), method)
	set(op, "operationId", strNode(id))
	if pid := it.key(); pid != "" {
		set(op, "x-postman-id", strNode(pid))
	}

	o := &operation{where: where, method: method, path: path, base: base, node: op}
	params := seqNode()
	for _, p := range pathParams {
		params.Content = append(params.Content, c.pathParam(p, r.URL))
	}
	params.Content = append(params.Content, c.queryParams(r.URL.Query)...)
	contentType, accept := "", ""
	for _, h := range r.Header {
		name := strings.TrimSpace(h.Key)
		value := string(h.Value)
		switch {
		case name == "":
		case strings.EqualFold(name, "Content-Type"):
			contentType = mediaType(value)
		case strings.EqualFold(name, "Accept"):
			accept = mediaType(value)
		case strings.EqualFold(name, "Cookie"):
			params.Content = append(params.Content, c.cookies(o, value, where)...)
		case isCredentialHeader(name):
			c.markVars(value)
			if o.scheme == "" {
				o.scheme = c.addScheme(schemeFromHeader(name, value))
			}
		default:
			params.Content = append(params.Content, c.simpleParam(name, "header", value, string(h.Description), h.Disabled))
		}
	}
	if len(params.Content) > 0 {
		set(op, "parameters", params)
	}
	if r.Body != nil {
		set(op, "requestBody", c.requestBody(r.Body, contentType, id, where))
		if method == "get" || method == "delete" || method == "head" {
			c.note(where, "sends a body with %s; kept as requestBody, which clients and proxies may drop", strings.ToUpper(method))
		}
	}
	set(op, "responses", c.responses(it.Response, accept, id, where))
	if r.Auth != nil && r.Auth.Type != "inherit" {
		auth = r.Auth
	}
	if auth != nil && o.scheme == "" {
		s, none, ok := schemeFromAuth(auth)
		switch {
		case none:
			o.scheme = "-"
		case ok:
			c.markVars(strings.Join(sortedValues(auth.Attrs), " "))
			o.scheme = c.addScheme(s)
		case auth != c.src.Collection.Auth:
			c.unsupportedAuth(op, auth, where)
		}
	}
	c.events(op, it.Event, where)
	extra := it.Extra
	if len(it.Variable) > 0 {
		raw, _ := json.Marshal(it.Variable)
		extra = withRaw(extra, "variable", raw)
	}
	for k, v := range r.Extra {
		extra = withRaw(extra, "request."+k, v)
	}
	for k, v := range r.URL.Extra {
		extra = withRaw(extra, "url."+k, v)
	}
	if r.URL.Hash != "" {
		extra = withRaw(extra, "url.hash", quoteJSON(r.URL.Hash))
	}
	c.unmapped(op, extra, where, "the operation")
	set(pi, method, op)
	c.ops = append(c.ops, o)
}

// duplicate records a second request for a method and path already taken.
func (c *converter) duplicate(op *yaml.Node, it *Item, where, first string) {
	list := get(op, "x-postman-duplicates")
	if list == nil {
		list = seqNode()
		set(op, "x-postman-duplicates", list)
	}
	d := mapNode()
	set(d, "name", strNode(it.Name))
	if desc := strings.TrimSpace(string(it.Request.Description)); desc != "" {
		set(d, "description", textNode(desc))
	}
	if len(it.Response) > 0 {
		names := make([]string, len(it.Response))
		for i, r := range it.Response {
			names[i] = r.Name
		}
		set(d, "savedResponses", strList(names...))
	}
	list.Content = append(list.Content, d)
	c.note(where, "repeats the method and path of request %q; kept as x-postman-duplicates on that operation (its saved examples are listed, not merged)", first)
}

// pathParamRef is one {param} of a converted path.
type pathParamRef struct {
	name     string
	variable bool   // a {{variable}} rather than a :param
	literal  string // a literal id the request has in its path, such as 42
}

// pathOf turns the URL's path into an OpenAPI template: ":id" and
// "{{id}}" both become "{id}", and so does a literal id (a UUID, a number,
// a 24-digit hex object id) after a resource name: /booking/42 →
// /booking/{bookingId}, with a note.
func (c *converter) pathOf(u URL, where string) (string, []pathParamRef) {
	var segs []string
	var params []pathParamRef
	seen := map[string]bool{}
	add := func(p pathParamRef) {
		if !seen[p.name] {
			seen[p.name] = true
			params = append(params, p)
		}
	}
	for i, s := range u.Path {
		if name, ok := strings.CutPrefix(s, ":"); ok && name != "" {
			add(pathParamRef{name: name})
			segs = append(segs, "{"+name+"}")
			continue
		}
		if i > 0 && isLiteralID(s) && !strings.Contains(u.Path[i-1], "{{") && !isLiteralID(u.Path[i-1]) {
			name := idParamName(u.Path[i-1], seen)
			add(pathParamRef{name: name, literal: s})
			segs = append(segs, "{"+name+"}")
			c.note(where, "has the literal id %s in its path; the draft makes it the path parameter {%s} (example %s), since a path names every item, not one", s, name, s)
			continue
		}
		segs = append(segs, varRef.ReplaceAllStringFunc(s, func(m string) string {
			name := varRef.FindStringSubmatch(m)[1]
			add(pathParamRef{name: name, variable: true})
			return "{" + name + "}"
		}))
	}
	return "/" + strings.Join(segs, "/"), params
}

// baseOf returns the part of the URL before the path, as Postman wrote
// it: "{{api_url}}" or "https://api.example.com".
func (c *converter) baseOf(u URL, where string) string {
	if len(u.Host) == 0 {
		return ""
	}
	host := strings.Join(u.Host, ".")
	if u.Port != "" {
		host += ":" + u.Port
	}
	if u.Protocol != "" {
		return u.Protocol + "://" + host
	}
	if isSingleRef(host) {
		return host
	}
	if !strings.Contains(host, "{{") || !strings.Contains(host, "://") {
		c.note(where, "its URL has no scheme; assumed https")
		return "https://" + host
	}
	return host
}

// pathParam declares one path parameter, with the description and value
// Postman holds for it.
func (c *converter) pathParam(p pathParamRef, u URL) *yaml.Node {
	desc, value := "", ""
	if p.variable {
		for _, sc := range c.scopes() {
			if v, ok := sc.values[p.name]; ok && v.Type != "secret" {
				desc, value = string(v.Description), string(v.Value)
				c.used[p.name] = true
				break
			}
		}
	} else if p.literal != "" {
		desc, value = "Identifies the item; the Postman request has the literal id "+p.literal+" here.", p.literal
	} else {
		for _, v := range u.Variable {
			if v.name() == p.name {
				desc, value = string(v.Description), string(v.Value)
			}
		}
	}
	n := mapNode()
	set(n, "name", strNode(p.name))
	set(n, "in", strNode("path"))
	set(n, "required", boolNode(true))
	if desc = strings.TrimSpace(desc); desc != "" {
		set(n, "description", textNode(desc))
	} else if p.variable {
		set(n, "description", strNode("The Postman variable {{"+p.name+"}} in the request's path."))
	}
	typ, ex := scalarExample(value)
	schema := mapNode()
	set(schema, "type", strNode(typ))
	if typ == "string" {
		set(schema, "format", formatOf(p.name, value))
	}
	set(n, "schema", schema)
	set(n, "example", ex)
	return n
}

var (
	objectIDRE = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)
	numberIDRE = regexp.MustCompile(`^[0-9]+$`)
)

// isLiteralID reports whether a path segment is an item's id rather than
// a name: a UUID, a number, or a 24-digit hex object id.
func isLiteralID(s string) bool {
	return uuidRE.MatchString(s) || objectIDRE.MatchString(s) || numberIDRE.MatchString(s)
}

// idParamName names the parameter for a literal id after the resource
// before it: bookings → bookingId; it stays unique within the path.
func idParamName(resource string, seen map[string]bool) string {
	base := camel(speclint.Singular(pascal(resource)))
	if base == "" {
		base = "item"
	}
	name := base + "Id"
	for _, alt := range []string{name, base + "Key", base + "Ref"} {
		if !seen[alt] {
			return alt
		}
	}
	return name
}

// queryParams declares the query parameters; a key that repeats becomes
// an array.
func (c *converter) queryParams(q KeyValues) []*yaml.Node {
	count := map[string]int{}
	for _, kv := range q {
		count[kv.Key]++
	}
	var out []*yaml.Node
	done := map[string]bool{}
	for _, kv := range q {
		if kv.Key == "" || done[kv.Key] {
			continue
		}
		done[kv.Key] = true
		n := c.simpleParam(kv.Key, "query", string(kv.Value), string(kv.Description), kv.Disabled)
		if count[kv.Key] > 1 {
			schema := get(n, "schema")
			arr := mapNode()
			set(arr, "type", strNode("array"))
			set(arr, "items", &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: slices.Clone(schema.Content)})
			*schema = *arr
			removeKey(n, "example")
		}
		out = append(out, n)
	}
	return out
}

// simpleParam declares a query or header parameter from its Postman value.
func (c *converter) simpleParam(name, in, value, desc string, disabled bool) *yaml.Node {
	c.markVars(value)
	n := mapNode()
	set(n, "name", strNode(name))
	set(n, "in", strNode(in))
	if d := strings.TrimSpace(desc); d != "" {
		set(n, "description", textNode(d))
	}
	typ, ex := scalarExample(value)
	schema := mapNode()
	set(schema, "type", strNode(typ))
	if typ == "string" {
		set(schema, "format", formatOf(name, value))
	}
	set(n, "schema", schema)
	set(n, "example", ex)
	if disabled {
		set(n, "x-postman-disabled", boolNode(true))
	}
	return n
}

// markVars records the variables a value refers to as accounted for.
func (c *converter) markVars(s string) {
	for _, m := range varRef.FindAllStringSubmatch(s, -1) {
		c.used[m[1]] = true
	}
}

// addScheme registers a security scheme (the first one of a name wins)
// and returns its name.
func (c *converter) addScheme(s scheme) string {
	if c.schemeMap[s.name] == nil {
		c.schemeMap[s.name] = s.node
		c.schemeOrd = append(c.schemeOrd, s.name)
	}
	return s.name
}

// unsupportedAuth keeps an auth block OpenAPI cannot express as it is.
func (c *converter) unsupportedAuth(owner *yaml.Node, a *Auth, where string) {
	n := mapNode()
	set(n, "type", strNode(a.Type))
	keys := sortedKeys(a.Attrs)
	if len(keys) > 0 {
		// Attribute names only: their values are often secrets.
		set(n, "attributes", strList(keys...))
	}
	c.markVars(strings.Join(sortedValues(a.Attrs), " "))
	set(owner, "x-postman-auth", n)
	c.note(where, "uses %s auth, which the draft cannot map to a security scheme; kept as x-postman-auth (attribute names only)", a.Type)
}

// security decides the document's security requirement and writes each
// operation's own where it differs. It returns the top-level scheme.
func (c *converter) security() string {
	top := ""
	if a := c.src.Collection.Auth; a != nil && a.Type != "inherit" {
		s, none, ok := schemeFromAuth(a)
		switch {
		case !ok:
			c.unsupportedAuth(c.rootExtras(), a, "collection")
		case !none:
			c.markVars(strings.Join(sortedValues(a.Attrs), " "))
			top = c.addScheme(s)
		}
	}
	if top == "" && len(c.ops) > 0 {
		common := c.ops[0].scheme
		for _, op := range c.ops {
			if op.scheme != common {
				common = ""
			}
		}
		if common != "-" {
			top = common
		}
	}
	if top == "" && len(c.schemeOrd) == 0 {
		if s, ok := c.inferScheme(); ok {
			top = c.addScheme(s)
		}
	}
	var public []string
	for _, op := range c.ops {
		switch {
		case op.scheme == "" && top == "", op.scheme == "-":
			// No credentials: say so (security: []), so that the draft
			// does not leave it to the reader whether the call is public.
			set(op.node, "security", seqNode())
			if op.scheme == "" {
				public = append(public, strings.ToUpper(op.method)+" "+op.path)
			}
		case op.scheme == top, op.scheme == "":
		default:
			req := mapNode()
			set(req, op.scheme, seqNode())
			set(op.node, "security", seqNode(req))
		}
	}
	if len(public) > 0 {
		c.note("security", "%d request(s) send no credentials and no auth block covers them, so the draft marks them public (security: []): %s; add a scheme where the API needs one",
			len(public), strings.Join(public, ", "))
	}
	return top
}

// pathServers gives a path item whose requests use another base URL its
// own servers.
func (c *converter) pathServers(op *operation) {
	pi := get(c.paths, op.path)
	if get(pi, "servers") != nil {
		return
	}
	list := seqNode()
	for _, s := range c.serversFor(op.base) {
		list.Content = append(list.Content, serverNode(s))
	}
	// servers goes first in the path item, before the operations.
	pi.Content = append([]*yaml.Node{strNode("servers"), list}, pi.Content...)
	c.note(op.where, "uses the base %s, not %s; the path has its own servers", op.base, c.topBase)
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func removeKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// credentialCookie matches cookie names that carry a credential.
var credentialCookie = regexp.MustCompile(`(?i)(token|session|sid|auth|jwt|key|secret)`)

// cookies converts a Cookie header: a cookie whose name or {{variable}}
// names a credential becomes an apiKey scheme in: cookie; the others are
// in: cookie parameters (OpenAPI ignores a header parameter named Cookie).
func (c *converter) cookies(o *operation, header, where string) []*yaml.Node {
	var out []*yaml.Node
	for _, pair := range strings.Split(header, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			continue
		}
		vars := varRef.FindAllStringSubmatch(value, -1)
		secret := credentialCookie.MatchString(name)
		for _, m := range vars {
			secret = secret || credentialVarName.MatchString(m[1])
		}
		if secret {
			c.markVars(value)
			if o.scheme == "" {
				s := apiKeyScheme(name, "cookie", "From the "+name+" cookie the Postman requests send in their Cookie header.")
				o.scheme = c.addScheme(s)
				c.noteOnce(where, "sends the credential %s in the cookie %s; the draft declares the apiKey scheme %s (in: cookie)", value, name, o.scheme)
			}
			continue
		}
		out = append(out, c.simpleParam(name, "cookie", value, "", false))
	}
	return out
}
