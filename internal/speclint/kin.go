package speclint

import (
	"context"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// validateWithKin loads the document with kin-openapi and validates it.
// Unresolved $refs were reported already; kin-openapi cannot load a
// document that has any, so schema refs are replaced by the empty schema
// first and everything else is still checked. When some other kind of ref
// is unresolved, loading is skipped, and a finding says so.
func validateWithKin(data []byte, unresolved []refSite) []Finding {
	if len(unresolved) > 0 {
		patched, ok := patchUnresolved(data, unresolved)
		if !ok {
			return []Finding{newFinding("", RuleOpenAPILoad,
				"structure and example checks were skipped because of the unresolved $refs; fix them and run again")}
		}
		data = patched
	}
	var tree yaml.Node
	if err := yaml.Unmarshal(data, &tree); err != nil {
		return []Finding{newFinding("", RuleOpenAPILoad, "the file is not valid YAML (%v); fix the syntax", err)}
	}
	spec, err := loadSpec(data)
	if err != nil {
		return []Finding{newFinding("", RuleOpenAPILoad, "kin-openapi cannot load the document: %s; fix the document's structure", loadMessage(err))}
	}
	examples := exampleFindings(spec, &tree)
	return append(examples, structureFindings(spec, indexPositions(&tree), examples)...)
}

// loadSpec loads an OpenAPI document with kin-openapi: no external refs,
// and origins (lines and columns) recorded so that errors can be located.
func loadSpec(data []byte) (spec *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kin-openapi panicked: %v", r)
		}
	}()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.IncludeOrigin = true
	return loader.LoadFromData(data)
}

// loadMessage renders a loader error. When kin-openapi could parse the
// text neither as JSON nor as YAML it reports both failures; the JSON one
// says nothing useful about a YAML document.
func loadMessage(err error) string {
	msg := kinMessage(err)
	if _, yamlErr, ok := strings.Cut(msg, "yaml error: "); ok {
		return yamlErr
	}
	return msg
}

// validationPasses are the option sets structureFindings runs Validate
// with. Example validation is on in the first, as it is by default. Inside
// one schema kin-openapi stops at the first problem, so a broken example can
// hide a broken pattern; the second pass, examples off, finds those.
var validationPasses = [][]openapi3.ValidationOption{
	{openapi3.EnableMultiError(), openapi3.EnableExamplesValidation(), openapi3.EnableSchemaPatternValidation()},
	{openapi3.EnableMultiError(), openapi3.DisableExamplesValidation(), openapi3.EnableSchemaPatternValidation()},
}

// structureFindings runs kin-openapi's Validate and maps every error into
// the document. Example errors that exampleFindings reported already, more
// precisely, are dropped; any other is kept as an example-schema finding.
func structureFindings(spec *openapi3.T, idx positionIndex, examples []Finding) []Finding {
	var fs []Finding
	for _, opts := range validationPasses {
		for _, e := range leafErrors(validateSpec(spec, opts)) {
			is := mapKinError(e, idx)
			rule := RuleOpenAPIStructure
			if is.example {
				if coveredBy(is.ptr, examples) {
					continue
				}
				rule = RuleExampleSchema
			}
			fs = append(fs, newFinding(is.ptr, rule, "%s", is.msg))
		}
	}
	return fs
}

// validateSpec runs kin-openapi's Validate, turning a panic into an error.
func validateSpec(spec *openapi3.T, opts []openapi3.ValidationOption) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kin-openapi panicked while validating: %v", r)
		}
	}()
	return spec.Validate(context.Background(), opts...)
}

// coveredBy reports whether one of the example findings is at ptr, above
// it or below it.
func coveredBy(ptr string, examples []Finding) bool {
	for _, f := range examples {
		if hasPointerPrefix(f.Pointer, ptr) || hasPointerPrefix(ptr, f.Pointer) {
			return true
		}
	}
	return false
}
