package postman

import (
	"encoding/json"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The helpers here keep what OpenAPI has no field for as x-postman-*
// extensions and record a Note for each, so nothing is dropped silently.

// events keeps pre-request and test scripts as x-postman-events.
func (c *converter) events(owner *yaml.Node, events []Event, where string) {
	if len(events) == 0 {
		return
	}
	list := seqNode()
	var kinds []string
	for _, e := range events {
		n := mapNode()
		set(n, "listen", strNode(e.Listen))
		if e.Disabled {
			set(n, "disabled", boolNode(true))
		}
		set(n, "exec", strNode(strings.Join(e.Script.Exec, "\n")+"\n"))
		list.Content = append(list.Content, n)
		kinds = append(kinds, e.Listen)
	}
	set(owner, "x-postman-events", list)
	c.note(where, "has %s script(s); kept as x-postman-events (OpenAPI cannot run them)", strings.Join(kinds, " and "))
}

// unmapped keeps keys the converter has no mapping for as
// x-postman-unmapped on owner.
func (c *converter) unmapped(owner *yaml.Node, extra Extra, where, what string) {
	extra = extra.nonEmpty()
	if len(extra) == 0 {
		return
	}
	set(owner, "x-postman-unmapped", c.extraNode(extra))
	c.note(where, "has %s, which OpenAPI has no field for; kept as x-postman-unmapped on %s", strings.Join(extra.Keys(), ", "), what)
}

// unconverted lists an item the converter could not turn into an
// operation under the document's x-postman-unconverted.
func (c *converter) unconverted(it *Item, reason string) {
	if c.unsupp == nil {
		c.unsupp = seqNode()
	}
	n := mapNode()
	set(n, "name", strNode(it.Name))
	set(n, "reason", strNode(reason))
	if it.Request != nil {
		set(n, "method", strNode(it.Request.Method))
		set(n, "url", strNode(it.Request.URL.Raw))
	}
	c.unsupp.Content = append(c.unsupp.Content, n)
}

// rootExtras returns the mapping that collects the document's own
// x-postman-* entries.
func (c *converter) rootExtras() *yaml.Node {
	if c.root == nil {
		c.root = mapNode()
	}
	return c.root
}

// rootNotes appends the document-level extensions: collection scripts,
// unknown keys, items that could not be converted and variables nothing
// used.
func (c *converter) rootNotes(doc *yaml.Node) {
	root := c.rootExtras()
	coll := &c.src.Collection
	c.events(root, coll.Event, "collection")
	c.unmapped(root, coll.Extra, "collection", "the document")
	if len(c.src.Unknown) > 0 {
		set(root, "x-postman-export", c.extraNode(c.src.Unknown))
		c.note("export", "has %s, which is not part of a collection; kept as x-postman-export", strings.Join(c.src.Unknown.Keys(), ", "))
	}
	if len(c.src.Ignored) > 0 {
		c.note("export", "left out the documenter page settings %s (theme, layout and code-sample options, not API facts)", strings.Join(c.src.Ignored, ", "))
	}
	set(root, "x-postman-unconverted", c.unsupp)
	c.unusedVariables(root)
	doc.Content = append(doc.Content, root.Content...)
}

// unusedVariables lists the variables the draft does not account for,
// with secret values masked.
func (c *converter) unusedVariables(root *yaml.Node) {
	list := seqNode()
	var names []string
	add := func(v Variable, scope string) {
		name := v.name()
		if c.used[name] || name == "" {
			return
		}
		n := mapNode()
		set(n, "name", strNode(name))
		value := string(v.Value)
		if v.Type == "secret" || credentialVarName.MatchString(name) {
			value = "(secret, not copied)"
		}
		set(n, "value", strNode(value))
		set(n, "scope", strNode(scope))
		list.Content = append(list.Content, n)
		names = append(names, name)
	}
	for _, v := range c.src.Collection.Variable {
		add(v, "collection")
	}
	for _, env := range c.envs {
		for _, v := range env.Values {
			add(v, "environment "+env.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	set(root, "x-postman-variables", list)
	names = slices.Compact(names)
	c.note("variables", "nothing in the draft uses %s; kept as x-postman-variables", "{{"+strings.Join(names, "}}, {{")+"}}")
}

// extraNode renders kept keys in sorted order.
func (c *converter) extraNode(e Extra) *yaml.Node {
	n := mapNode()
	for _, k := range e.Keys() {
		v, err := jsonNode(e[k])
		if err != nil {
			v = strNode(string(e[k]))
		}
		set(n, k, v)
	}
	return n
}

// withRaw returns a copy of e with key set to raw.
func withRaw(e Extra, key string, raw json.RawMessage) Extra {
	out := Extra{}
	for k, v := range e {
		out[k] = v
	}
	out[key] = raw
	return out
}

func quoteJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

func jsonString(raw json.RawMessage, s *string) bool {
	return json.Unmarshal(raw, s) == nil
}

func sortStrings(s []string) { slices.Sort(s) }
