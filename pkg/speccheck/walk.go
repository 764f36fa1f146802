package speccheck

import (
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxDepth bounds the walks: documents may be recursive through $ref.
const maxDepth = 64

// applicable returns s and every schema that also constrains v: allOf's
// parts, and of anyOf and oneOf the branches v matches, or all of them when
// it matches none (then every branch's fields count as declared, and the
// type mismatch is kin-openapi's to report). v == nil without a match
// takes every branch too.
func applicable(s *openapi3.Schema, v any, opts []openapi3.SchemaValidationOption, out []*openapi3.Schema, depth int) []*openapi3.Schema {
	if s == nil || depth > maxDepth {
		return out
	}
	out = append(out, s)
	for _, r := range s.AllOf {
		out = applicable(r.Value, v, opts, out, depth+1)
	}
	for _, branches := range [2]openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
		matched := false
		if v != nil {
			for _, r := range branches {
				if r.Value != nil && r.Value.VisitJSON(v, opts...) == nil {
					out = applicable(r.Value, v, opts, out, depth+1)
					matched = true
				}
			}
		}
		if !matched {
			for _, r := range branches {
				out = applicable(r.Value, v, opts, out, depth+1)
			}
		}
	}
	return out
}

// unknownFields calls report with the pointer of every object member of v
// that none of the schemas declares, and whether the object's schema (or
// one on the way to it) is x-unverified. An object whose schemas declare no
// properties is free-form and has no unknown members; additionalProperties
// with a schema (or true) opens an object, and its schema is followed.
func unknownFields(schemas []*openapi3.Schema, v any, path []string, unverified bool, opts []openapi3.SchemaValidationOption, report func(path []string, unverified bool)) {
	if len(path) > maxDepth {
		return
	}
	var all []*openapi3.Schema
	for _, s := range schemas {
		all = applicable(s, v, opts, all, 0)
	}
	for _, s := range all {
		unverified = unverified || isUnverified(s.Extensions)
	}
	switch val := v.(type) {
	case map[string]any:
		declared := false
		open := false
		var extra []*openapi3.Schema
		for _, s := range all {
			declared = declared || len(s.Properties) > 0
			ap := s.AdditionalProperties
			if ap.Schema != nil && ap.Schema.Value != nil {
				open = true
				extra = append(extra, ap.Schema.Value)
			} else if ap.Has != nil && *ap.Has {
				open = true
			}
		}
		if !declared && len(extra) == 0 {
			return // free-form
		}
		keys := make([]string, 0, len(val))
		for k := range val {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var sub []*openapi3.Schema
			for _, s := range all {
				if p := s.Properties[k]; p != nil && p.Value != nil {
					sub = append(sub, p.Value)
				}
			}
			child := append(path[:len(path):len(path)], k)
			if len(sub) == 0 {
				if !open {
					report(child, unverified)
					continue
				}
				sub = extra
			}
			unknownFields(sub, val[k], child, unverified, opts, report)
		}
	case []any:
		var items []*openapi3.Schema
		for _, s := range all {
			if s.Items != nil && s.Items.Value != nil {
				items = append(items, s.Items.Value)
			}
		}
		if len(items) == 0 {
			return
		}
		for i, e := range val {
			unknownFields(items, e, append(path[:len(path):len(path)], strconv.Itoa(i)), unverified, opts, report)
		}
	}
}

// unverifiedAt reports whether the schema that governs path under root,
// or any schema on the way to it, is marked x-unverified. Every branch of
// a composition counts, since the value's own branch is not known here.
func unverifiedAt(root *openapi3.Schema, path []string) bool {
	level := applicable(root, nil, nil, nil, 0)
	for i := 0; ; i++ {
		for _, s := range level {
			if isUnverified(s.Extensions) {
				return true
			}
		}
		if i == len(path) || len(level) == 0 {
			return false
		}
		var next []*openapi3.Schema
		for _, s := range level {
			if p := s.Properties[path[i]]; p != nil && p.Value != nil {
				next = applicable(p.Value, nil, nil, next, 0)
			} else if s.Items != nil && s.Items.Value != nil && isIndex(path[i]) {
				next = applicable(s.Items.Value, nil, nil, next, 0)
			} else if ap := s.AdditionalProperties.Schema; ap != nil && ap.Value != nil {
				next = applicable(ap.Value, nil, nil, next, 0)
			}
		}
		level = next
	}
}

func isUnverified(ext map[string]any) bool {
	v, ok := ext["x-unverified"]
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	return !isBool || b
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
