package speclint

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// Names of the rules that `specgen validate` applies.
const (
	// RuleOpenAPILoad: the file cannot be read, is not YAML, or kin-openapi
	// cannot load it.
	RuleOpenAPILoad = "openapi-load"
	// RuleUnresolvedRef: a $ref is external or points at nothing.
	RuleUnresolvedRef = "unresolved-ref"
	// RuleOpenAPIStructure: kin-openapi's Validate rejects the document.
	RuleOpenAPIStructure = "openapi-structure"
	// RuleExampleSchema: an example does not validate against its schema.
	RuleExampleSchema = "example-schema"
)

// Names of the project rules that `specgen lint` adds (see DESIGN.md, "Spec
// rules").
const (
	// RuleOperationID: every operation has an operationId.
	RuleOperationID = "operation-id"
	// RuleOperationIDStyle: operationIds are lowerCamelCase and start with
	// a verb from OperationVerbs.
	RuleOperationIDStyle = "operation-id-style"
	// RuleOperationSummary: every operation has a summary.
	RuleOperationSummary = "operation-summary"
	// RuleOperationDescription: every operation has a description.
	RuleOperationDescription = "operation-description"
	// RuleOperationTags: every operation has exactly one tag, declared in
	// the top-level tags.
	RuleOperationTags = "operation-tags"
	// RuleOperationDefaultResponse: every operation has a default response
	// whose JSON schema is a $ref to the API's error schema.
	RuleOperationDefaultResponse = "operation-default-response"
	// RuleOperationSuccessResponse: every operation has a 2xx response.
	RuleOperationSuccessResponse = "operation-success-response"
	// RuleAuthHeaderParam: credentials are never a header parameter.
	RuleAuthHeaderParam = "auth-header-param"
	// RuleSecurityDefined: every operation is covered by a security
	// requirement, and every scheme a requirement names exists.
	RuleSecurityDefined = "security-defined"
	// RuleServerVariables: servers exist, use https, and have a declared
	// variable with a default for every {placeholder}.
	RuleServerVariables = "server-variables"
	// RulePathTemplate: paths use {param}, never {{param}}.
	RulePathTemplate = "path-template"
	// RulePathParameters: every {param} of a path has a required in: path
	// parameter of that name, and every in: path parameter is in the path.
	RulePathParameters = "path-parameters"
	// RuleSchemaNamed: request and response bodies $ref named schemas.
	RuleSchemaNamed = "schema-named"
	// RuleSchemaDescription: every component schema has a description.
	RuleSchemaDescription = "schema-description"
	// RulePropertyType: every property of a component schema has a type.
	RulePropertyType = "property-type"
	// RulePropertyFormat: timestamps, e-mail addresses and URLs declare
	// their format.
	RulePropertyFormat = "property-format"
	// RuleExampleRequired: request bodies and 2xx responses have examples.
	RuleExampleRequired = "example-required"
	// RuleUnverifiedDescription: whatever is x-unverified says why in its
	// description.
	RuleUnverifiedDescription = "unverified-description"
	// RuleGetWithBody: GET, DELETE and HEAD operations have no request body.
	RuleGetWithBody = "get-with-body"
)

// Rule describes one rule.
type Rule struct {
	// Name is the rule's name as it appears in findings.
	Name string
	// Summary says in one line what the rule requires.
	Summary string
	// Lint is true for the project rules that only `specgen lint` applies,
	// false for those that `specgen validate` applies too.
	Lint bool
}

// lintRule is a project rule and its check, which returns findings whose
// File is left empty.
type lintRule struct {
	Rule
	check func(root *yaml.Node) []Finding
}

// validateRules are the rules of the validate stage, applied in check.go.
var validateRules = []Rule{
	{Name: RuleOpenAPILoad, Summary: "the file reads, parses as YAML and loads with kin-openapi"},
	{Name: RuleUnresolvedRef, Summary: "every $ref is local and resolves"},
	{Name: RuleOpenAPIStructure, Summary: "kin-openapi's Validate accepts the document (patterns included)"},
	{Name: RuleExampleSchema, Summary: "every example validates against its schema"},
}

// lintRules are the project rules, in the order DESIGN.md lists them.
var lintRules = []lintRule{
	{Rule{RuleOperationID, "every operation has an operationId", true}, checkOperationID},
	{Rule{RuleOperationIDStyle, "operationIds are lowerCamelCase and start with a verb (see OperationVerbs)", true}, checkOperationIDStyle},
	{Rule{RuleOperationSummary, "every operation has a non-empty summary", true}, checkOperationSummary},
	{Rule{RuleOperationDescription, "every operation has a non-empty description", true}, checkOperationDescription},
	{Rule{RuleOperationTags, "every operation has exactly one tag, declared in the top-level tags", true}, checkOperationTags},
	{Rule{RuleOperationSuccessResponse, "every operation has at least one 2xx response", true}, checkSuccessResponse},
	{Rule{RuleOperationDefaultResponse, "every operation has a default response whose JSON schema $refs the error schema", true}, checkDefaultResponse},
	{Rule{RuleGetWithBody, "GET, DELETE and HEAD operations have no requestBody", true}, checkGetWithBody},
	{Rule{RuleAuthHeaderParam, "credentials are a security scheme, never a header parameter", true}, checkAuthHeaderParam},
	{Rule{RuleSecurityDefined, "every operation has a security requirement and every scheme it names exists", true}, checkSecurityDefined},
	{Rule{RuleServerVariables, "servers exist, are https, have no placeholders, and every {variable} has a default", true}, checkServers},
	{Rule{RulePathTemplate, "paths use {param}, never {{param}}", true}, checkPathTemplates},
	{Rule{RulePathParameters, "path {params} and in: path parameters match one to one, and are required", true}, checkPathParameters},
	{Rule{RuleSchemaNamed, "request and response bodies $ref a components schema (or an array of one)", true}, checkSchemaNamed},
	{Rule{RuleSchemaDescription, "every components schema has a description", true}, checkSchemaDescription},
	{Rule{RulePropertyType, "every property of a components schema has a type, $ref, allOf, oneOf or anyOf", true}, checkPropertyType},
	{Rule{RulePropertyFormat, "string properties named *At/*_at, email, url/*Url/*_url declare date-time, email, uri", true}, checkPropertyFormat},
	{Rule{RuleExampleRequired, "every request body and 2xx response media type has an example", true}, checkExampleRequired},
	{Rule{RuleUnverifiedDescription, "everything marked x-unverified: true has a description", true}, checkUnverifiedDescription},
}

// Rules returns every rule: first those of the validate stage, then the
// project rules that lint adds.
func Rules() []Rule {
	out := slices.Clone(validateRules)
	for _, r := range lintRules {
		out = append(out, r.Rule)
	}
	return out
}

// newFinding builds a finding for the current document; check fills File.
func newFinding(ptr, rule, format string, args ...any) Finding {
	return Finding{Pointer: ptr, Rule: rule, Message: fmt.Sprintf(format, args...)}
}
