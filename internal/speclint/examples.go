package speclint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// exampleWalker validates every example of a loaded document against its
// schema and remembers where each one is, which kin-openapi's Validate does
// not say (and it stops at the first problem inside a schema).
type exampleWalker struct {
	root     *yaml.Node // the document kin-openapi loaded
	findings []Finding
}

// exampleFindings returns an example-schema finding for every example,
// anywhere in the document, that does not validate against its schema.
func exampleFindings(spec *openapi3.T, root *yaml.Node) []Finding {
	w := &exampleWalker{root: root}
	if spec.Paths != nil {
		for _, path := range sortedKeys(spec.Paths.Map()) {
			item := spec.Paths.Value(path)
			if item == nil {
				continue
			}
			itemPtr := join("", "paths", path)
			w.parameters(join(itemPtr, "parameters"), item.Parameters)
			ops := item.Operations()
			for _, m := range methods {
				if op := ops[strings.ToUpper(m)]; op != nil {
					w.operation(join(itemPtr, m), op)
				}
			}
		}
	}
	if c := spec.Components; c != nil {
		for _, name := range sortedKeys(c.Schemas) {
			w.schema(join("", "components", "schemas", name), c.Schemas[name])
		}
		for _, name := range sortedKeys(c.Parameters) {
			if p := c.Parameters[name]; p != nil && p.Ref == "" {
				w.parameter(join("", "components", "parameters", name), p.Value)
			}
		}
		for _, name := range sortedKeys(c.RequestBodies) {
			if rb := c.RequestBodies[name]; rb != nil && rb.Ref == "" && rb.Value != nil {
				w.content(join("", "components", "requestBodies", name), rb.Value.Content, openapi3.VisitAsRequest())
			}
		}
		for _, name := range sortedKeys(c.Responses) {
			if r := c.Responses[name]; r != nil && r.Ref == "" {
				w.response(join("", "components", "responses", name), r.Value)
			}
		}
		for _, name := range sortedKeys(c.Headers) {
			if h := c.Headers[name]; h != nil && h.Ref == "" && h.Value != nil {
				w.parameter(join("", "components", "headers", name), &h.Value.Parameter)
			}
		}
	}
	return w.findings
}

func (w *exampleWalker) operation(ptr string, op *openapi3.Operation) {
	w.operationAt(ptr, op, 0)
}

// operationAt checks an operation and the operations of its callbacks,
// whose request bodies are checked as requests, as Redocly does.
func (w *exampleWalker) operationAt(ptr string, op *openapi3.Operation, depth int) {
	if depth < 3 {
		for _, name := range sortedKeys(op.Callbacks) {
			cb := op.Callbacks[name]
			if cb == nil || cb.Value == nil || cb.Ref != "" {
				continue
			}
			for expr, item := range cb.Value.Map() {
				ops := item.Operations()
				for _, m := range methods {
					if o := ops[strings.ToUpper(m)]; o != nil {
						w.operationAt(join(ptr, "callbacks", name, expr, m), o, depth+1)
					}
				}
			}
		}
	}
	w.parameters(join(ptr, "parameters"), op.Parameters)
	if rb := op.RequestBody; rb != nil && rb.Ref == "" && rb.Value != nil {
		w.content(join(ptr, "requestBody"), rb.Value.Content, openapi3.VisitAsRequest())
	}
	if op.Responses != nil {
		for _, status := range sortedKeys(op.Responses.Map()) {
			if r := op.Responses.Value(status); r != nil && r.Ref == "" {
				w.response(join(ptr, "responses", status), r.Value)
			}
		}
	}
}

func (w *exampleWalker) response(ptr string, r *openapi3.Response) {
	if r == nil {
		return
	}
	w.content(ptr, r.Content, openapi3.VisitAsResponse())
	for _, name := range sortedKeys(r.Headers) {
		if h := r.Headers[name]; h != nil && h.Ref == "" && h.Value != nil {
			w.parameter(join(ptr, "headers", name), &h.Value.Parameter)
		}
	}
}

func (w *exampleWalker) parameters(ptr string, ps openapi3.Parameters) {
	for i, p := range ps {
		if p != nil && p.Ref == "" {
			w.parameter(join(ptr, itoa(i)), p.Value)
		}
	}
}

// parameter checks a parameter or a header (whose Parameter it embeds).
func (w *exampleWalker) parameter(ptr string, p *openapi3.Parameter) {
	if p == nil {
		return
	}
	w.examples(ptr, p.Schema, p.Example, p.Examples, openapi3.VisitAsRequest())
	w.schema(join(ptr, "schema"), p.Schema)
	w.content(ptr, p.Content, openapi3.VisitAsRequest())
}

// content checks the media types of the content map of the object at ptr.
func (w *exampleWalker) content(ptr string, c openapi3.Content, mode openapi3.SchemaValidationOption) {
	for _, name := range sortedKeys(c) {
		mt := c[name]
		if mt == nil {
			continue
		}
		mtPtr := join(ptr, "content", name)
		w.examples(mtPtr, mt.Schema, mt.Example, mt.Examples, mode)
		w.schema(join(mtPtr, "schema"), mt.Schema)
	}
}

// examples checks the example and the examples of the object at ptr.
func (w *exampleWalker) examples(ptr string, s *openapi3.SchemaRef, example any, examples openapi3.Examples, mode openapi3.SchemaValidationOption) {
	if s == nil || s.Value == nil {
		return
	}
	where := "its inline schema"
	if s.Ref != "" {
		where = "the schema " + s.Ref
	}
	if example != nil || w.isNull(join(ptr, "example")) {
		w.validate(join(ptr, "example"), where, s, example, mode)
	}
	for _, name := range sortedKeys(examples) {
		ex := examples[name]
		if ex == nil || ex.Value == nil {
			continue
		}
		if ex.Value.Value == nil && !w.isNull(join(ptr, "examples", name, "value")) {
			continue
		}
		at, against := join(ptr, "examples", name, "value"), where
		if target, ok := refPointer(ex.Ref); ok && ex.Ref != "" {
			// The value lives in components; point at it, say who uses it.
			at, against = join(target, "value"), where+" (as used by "+join(ptr, "examples", name)+")"
		}
		w.validate(at, against, s, ex.Value.Value, mode)
	}
}

// schema checks the example of an inline schema and of the inline schemas
// below it. A $ref is checked where it points, under components.
func (w *exampleWalker) schema(ptr string, s *openapi3.SchemaRef) {
	if s == nil || s.Ref != "" || s.Value == nil {
		return
	}
	v := s.Value
	if v.Example != nil || w.isNull(join(ptr, "example")) {
		w.validate(join(ptr, "example"), "the schema it belongs to", s, v.Example, nil)
	}
	for _, name := range sortedKeys(v.Properties) {
		w.schema(join(ptr, "properties", name), v.Properties[name])
	}
	w.schema(join(ptr, "items"), v.Items)
	w.schema(join(ptr, "additionalProperties"), v.AdditionalProperties.Schema)
	w.schema(join(ptr, "not"), v.Not)
	for _, c := range compositions(v) {
		for i, sub := range c.list {
			w.schema(join(ptr, c.key, itoa(i)), sub)
		}
	}
}

// validate checks one example value, found at ptr, against s, which the
// message calls where. mode says whether the value is sent (readOnly
// properties must not appear) or received (writeOnly ones must not); nil
// means neither.
func (w *exampleWalker) validate(ptr, where string, s *openapi3.SchemaRef, value any, mode openapi3.SchemaValidationOption) {
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.WithStringFormatValidators(ajvFormats)}
	if mode != nil {
		opts = append(opts, mode)
	}
	if problem := ajvSchemaProblem(s, map[*openapi3.Schema]bool{}); problem != "" {
		w.findings = append(w.findings, newFinding(ptr, RuleExampleSchema,
			"example cannot be checked by JSON Schema validators such as Spectral's and Redocly's, which reject %s: %s; fix the schema",
			where, problem))
		return
	}
	if !schemaUsable(s.Value) {
		return // openapi-structure reports the schema; kin-openapi would report nonsense
	}
	for _, e := range w.strictErrors(ptr, s.Value, value, false, false) {
		w.findings = append(w.findings, newFinding(e.ptr, RuleExampleSchema,
			"example does not validate against %s: %s; fix the example or the schema", where, e.reason))
	}
	for _, e := range leafErrors(visit(s.Value, value, opts)) {
		at, reason := ptr, kinMessage(e)
		if se, ok := e.(*openapi3.SchemaError); ok {
			at, reason = w.deepestNode(join(ptr, se.JSONPointer()...), ptr), schemaReason(se)
		}
		w.findings = append(w.findings, newFinding(at, RuleExampleSchema,
			"example does not validate against %s: %s; fix the example or the schema", where, reason))
	}
}

// isNull reports whether the document has an explicit null at p
// (example: null), which kin-openapi's model cannot tell from no example.
func (w *exampleWalker) isNull(p string) bool {
	n := lookup(w.root, p)
	return n != nil && isNull(n)
}

// deepestNode returns p, or, when p names a node that is not there (kin
// points at a required property that is missing), its deepest ancestor
// that is, but not above floor.
func (w *exampleWalker) deepestNode(p, floor string) string {
	for p != floor && lookup(w.root, p) == nil {
		p = p[:strings.LastIndexByte(p, '/')]
	}
	return p
}

// visit validates value against s, turning a panic into an error.
func visit(s *openapi3.Schema, value any, opts []openapi3.SchemaValidationOption) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kin-openapi panicked while validating the example: %v", r)
		}
	}()
	return s.VisitJSON(value, opts...)
}

// composition is one of the allOf, oneOf and anyOf lists of a schema.
type composition struct {
	key  string
	list openapi3.SchemaRefs
}

// compositions returns the allOf, oneOf and anyOf lists of s, in that order.
func compositions(s *openapi3.Schema) []composition {
	return []composition{{"allOf", s.AllOf}, {"oneOf", s.OneOf}, {"anyOf", s.AnyOf}}
}

// sortedKeys returns the keys of m in order, so that walks are stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
