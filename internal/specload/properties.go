package specload

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// CheckJSONNames compares the JSON names of a hand-written struct type
// (v is a value or pointer of it) with the properties of a component schema
// of the named API's document, following allOf. Every JSON name must be a
// property of the schema, and every property must be a JSON name unless it
// is listed in omitted (with the reason at the call site). The error lists
// each difference, so a renamed field or a property the type forgot fails
// the test that calls this.
func CheckJSONNames(ctx context.Context, api, schema string, v any, omitted ...string) error {
	doc, err := Load(ctx, api)
	if err != nil {
		return err
	}
	ref, ok := doc.Components.Schemas[schema]
	if !ok || ref.Value == nil {
		return fmt.Errorf("specload: %s.yaml has no schema %q", api, schema)
	}
	props := map[string]bool{}
	collectProperties(ref.Value, props, 0)
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("specload: %s is not a struct", t)
	}
	names := JSONNames(t)
	var problems []string
	for _, n := range names {
		if !props[n] {
			problems = append(problems, fmt.Sprintf("%s has JSON name %q, which schema %s does not define", t, n, schema))
		}
	}
	for p := range props {
		if !slices.Contains(names, p) && !slices.Contains(omitted, p) {
			problems = append(problems, fmt.Sprintf("schema %s defines %q, which %s has no field for", schema, p, t))
		}
	}
	for _, o := range omitted {
		if !props[o] {
			problems = append(problems, fmt.Sprintf("%q is listed as omitted but schema %s does not define it", o, schema))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("specload: %s against %s.yaml#/components/schemas/%s:\n%s", t, api, schema, strings.Join(problems, "\n"))
	}
	return nil
}

func collectProperties(s *openapi3.Schema, into map[string]bool, depth int) {
	if s == nil || depth > 16 {
		return
	}
	for name := range s.Properties {
		into[name] = true
	}
	for _, part := range s.AllOf {
		if part != nil {
			collectProperties(part.Value, into, depth+1)
		}
	}
}

// JSONNames lists the names encoding/json uses for the exported fields of a
// struct type, embedded structs flattened, "-" fields left out.
func JSONNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" && !strings.HasPrefix(tag, "-,") {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				names = append(names, JSONNames(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}
