package postman

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Note is something the converter could not map to OpenAPI, kept in the
// draft as an x-postman-* extension, or guessed; specgen prints each one.
type Note struct {
	// Where names the part of the collection: "info", `request "Get user"`.
	Where string
	// Message says what happened and where in the draft it went.
	Message string
}

// String formats the note as one line: "WHERE: MESSAGE".
func (n Note) String() string { return n.Where + ": " + n.Message }

// Result is a converted collection.
type Result struct {
	// YAML is the OpenAPI 3.0.3 draft.
	YAML []byte
	// Notes lists, in a stable order, every construct kept as an
	// x-postman-* extension and every guess the draft makes.
	Notes []Note
	// Requests and Folders count what was converted.
	Requests, Folders int
}

// Options adds to what the collection carries.
type Options struct {
	// Environments are Postman environment exports, used after those a
	// documenter export embeds.
	Environments []Environment
}

// converter holds the draft while it is built.
type converter struct {
	src   *Source
	envs  []Environment
	notes []Note
	used  map[string]bool // variables the draft accounts for

	paths     *yaml.Node
	tags      []*yaml.Node
	tagNames  map[string]*yaml.Node
	schemas   *yaml.Node
	schemeMap map[string]*yaml.Node
	schemeOrd []string
	opIDs     map[string]bool
	schemaIDs map[string]bool
	opIndex   map[string]string // "get /x" → request name
	ops       []*operation
	bases     map[string]int
	baseOrder []string
	unsupp    *yaml.Node
	root      *yaml.Node // document-level x-postman-* entries
	topBase   string

	requests, folders int
}

// Convert turns a parsed collection into an OpenAPI 3.0.3 draft.
func Convert(src *Source, opts Options) (*Result, error) {
	c := &converter{
		src:       src,
		envs:      append(slices.Clone(src.Environments), opts.Environments...),
		used:      map[string]bool{},
		paths:     mapNode(),
		tagNames:  map[string]*yaml.Node{},
		schemas:   mapNode(),
		schemeMap: map[string]*yaml.Node{},
		opIDs:     map[string]bool{},
		schemaIDs: map[string]bool{},
		opIndex:   map[string]string{},
		bases:     map[string]int{},
	}
	coll := &src.Collection
	for _, it := range coll.Item {
		c.item(&it, nil, coll.Auth)
	}
	doc := mapNode()
	set(doc, "openapi", strNode("3.0.3"))
	info, docs := c.info()
	set(doc, "info", info)
	set(doc, "externalDocs", docs)
	set(doc, "servers", c.servers())
	topScheme := c.security()
	if topScheme != "" {
		req := mapNode()
		set(req, topScheme, seqNode())
		set(doc, "security", seqNode(req))
	}
	if len(c.tags) > 0 {
		set(doc, "tags", seqNode(c.tags...))
	}
	if c.requests == 0 {
		c.note("collection", "the collection holds no requests (a documenter export lists them separately), so paths is empty; add the endpoints by hand")
	}
	set(doc, "paths", c.paths)
	comps := mapNode()
	if len(c.schemeOrd) > 0 {
		ss := mapNode()
		for _, name := range c.schemeOrd {
			set(ss, name, c.schemeMap[name])
		}
		set(comps, "securitySchemes", ss)
	}
	if len(c.schemas.Content) > 0 {
		set(comps, "schemas", c.schemas)
	}
	if len(comps.Content) > 0 {
		set(doc, "components", comps)
	}
	c.rootNotes(doc)
	out, err := encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}})
	if err != nil {
		return nil, fmt.Errorf("write YAML: %w", err)
	}
	return &Result{YAML: out, Notes: c.notes, Requests: c.requests, Folders: c.folders}, nil
}

func (c *converter) note(where, format string, args ...any) {
	c.notes = append(c.notes, Note{Where: where, Message: fmt.Sprintf(format, args...)})
}

// noteOnce adds a note unless the same one is there already, or where is
// "" (a pass that only looks).
func (c *converter) noteOnce(where, format string, args ...any) {
	if where == "" {
		return
	}
	n := Note{Where: where, Message: fmt.Sprintf(format, args...)}
	if !slices.Contains(c.notes, n) {
		c.notes = append(c.notes, n)
	}
}

// info maps the collection's info block; documenter publication metadata
// goes to x-postman-info, its public URL to externalDocs.
func (c *converter) info() (info, docs *yaml.Node) {
	in := c.src.Collection.Info
	info = mapNode()
	title := strings.TrimSpace(in.Name)
	if title == "" {
		title = "Untitled Postman collection"
		c.note("info", "the collection has no name; the title is a placeholder")
	}
	set(info, "title", strNode(title))
	version := string(in.Version)
	extra := in.Extra
	if c.src.Documenter {
		// In a documenter export, info.version is the documenter's own
		// build, not the API's; the version tag names the published docs.
		if version != "" {
			extra = withRaw(extra, "version", quoteJSON(version))
		}
		version = c.src.VersionTag
		if tag, ok := extra["activeVersionTag"]; ok {
			var s string
			if jsonString(tag, &s) && (s == version || version == "") {
				version, extra = s, extra.without("activeVersionTag")
			}
		}
	}
	if version == "" {
		version = "0.0.0"
		c.note("info", "the collection has no version; info.version is 0.0.0")
	}
	set(info, "version", strNode(version))
	if d := strings.TrimSpace(string(in.Description)); d != "" {
		set(info, "description", textNode(d))
	}
	if in.PostmanID != "" {
		set(info, "x-postman-id", strNode(in.PostmanID))
	}
	if in.Schema != "" {
		set(info, "x-postman-schema", strNode(in.Schema))
	}
	if raw, ok := extra["publicUrl"]; ok {
		var u string
		if jsonString(raw, &u) && u != "" {
			docs = mapNode()
			set(docs, "description", strNode("The collection's published Postman documentation."))
			set(docs, "url", strNode(u))
			extra = extra.without("publicUrl")
		}
	}
	if len(extra) > 0 {
		set(info, "x-postman-info", c.extraNode(extra))
		c.note("info", "kept %s as info.x-postman-info", strings.Join(extra.Keys(), ", "))
	}
	return info, docs
}

// servers builds the top-level servers from the base the requests use
// most, or from the variables when there are no requests.
func (c *converter) servers() *yaml.Node {
	base := ""
	for _, b := range c.baseOrder {
		if base == "" || c.bases[b] > c.bases[base] {
			base = b
		}
	}
	if base == "" {
		cands := c.baseCandidates()
		if len(cands) == 0 {
			c.note("servers", "no request or variable gives a base URL; servers is a placeholder")
			return seqNode(serverNode(server{url: "https://api.example.com", description: "Placeholder: the collection names no base URL."}))
		}
		base = cands[0]
		c.note("servers", "no request shows the base URL; using %s, the variable that resolves to an absolute URL", base)
		if len(cands) > 1 {
			c.note("servers", "other variables also resolve to URLs: %s", strings.Join(cands[1:], ", "))
		}
	}
	c.topBase = base
	out := seqNode()
	for _, s := range c.serversFor(base) {
		out.Content = append(out.Content, serverNode(s))
		if strings.Contains(base, "{{") && s.url != base {
			c.note("servers", "%s resolves to %s (%s); the draft inlines the variables' values, and keeps a {variable} only where a value is missing", base, s.url, s.description)
		}
		for _, v := range s.vars {
			c.note("servers", "%s stays the server variable {%s} (default %q): %s", base, v.name, v.def, v.description)
		}
	}
	for _, op := range c.ops {
		if op.base != base && op.base != "" {
			c.pathServers(op)
		}
	}
	return out
}
