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
	// RuleGetWithBody: GET and HEAD operations have no request body; a
	// DELETE has one only when it is marked required (the server needs it).
	RuleGetWithBody = "get-with-body"
	// RuleOperationClientError: every operation documents a 4xx response.
	RuleOperationClientError = "operation-4xx-response"
	// RuleNullableType: nullable only next to type.
	RuleNullableType = "nullable-type"
	// RuleSchemaKeywords: schema keywords have the values OpenAPI 3.0
	// allows (non-empty unique required, non-empty enum, items only on
	// arrays, properties only on objects, sizes of 0 or more).
	RuleSchemaKeywords = "schema-keywords"
	// RuleSchemaRequired: required names only defined properties.
	RuleSchemaRequired = "schema-required"
	// RuleEnumValues: enum values are unique and of the schema's type.
	RuleEnumValues = "enum-values"
	// RuleComposition: allOf, oneOf and anyOf have at least two distinct,
	// non-empty schemas (a warning).
	RuleComposition = "composition"
	// RulePathTrailingSlash: no path ends with a slash.
	RulePathTrailingSlash = "path-trailing-slash"
	// RulePathUnique: no two paths differ only in parameter names.
	RulePathUnique = "path-unique"
	// RulePathAmbiguous: no two paths can match the same URL (a warning).
	RulePathAmbiguous = "path-ambiguous"
	// RuleComponentUnused: every component is referenced (a warning).
	RuleComponentUnused = "component-unused"
	// RuleInfoDescription: info has a description.
	RuleInfoDescription = "info-description"
	// RuleTagDescription: every declared tag has a description.
	RuleTagDescription = "tag-description"
	// RuleMarkdownSafe: descriptions have no script, event handler,
	// javascript: URL or eval(.
	RuleMarkdownSafe = "markdown-safe"
	// RuleCallbacks: callback operations have a summary and no callbacks.
	RuleCallbacks = "callbacks"
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
	// Severity is that of the rule's findings: an Error fails the check,
	// a Warning is only reported.
	Severity Severity
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
	{Rule{RuleOperationID, "every operation has an operationId", true, Error}, checkOperationID},
	{Rule{RuleOperationIDStyle, "operationIds are lowerCamelCase and start with a verb (see OperationVerbs)", true, Error}, checkOperationIDStyle},
	{Rule{RuleOperationSummary, "every operation has a non-empty summary", true, Error}, checkOperationSummary},
	{Rule{RuleOperationDescription, "every operation has a non-empty description", true, Error}, checkOperationDescription},
	{Rule{RuleOperationTags, "every operation has exactly one tag, declared in the top-level tags", true, Error}, checkOperationTags},
	{Rule{RuleOperationSuccessResponse, "every operation has at least one 2xx response", true, Error}, checkSuccessResponse},
	{Rule{RuleOperationDefaultResponse, "every operation has a default response whose JSON schema $refs the error schema", true, Error}, checkDefaultResponse},
	{Rule{RuleGetWithBody, "GET and HEAD operations have no requestBody; a DELETE has one only when marked required: true", true, Error}, checkGetWithBody},
	{Rule{RuleAuthHeaderParam, "credentials are a security scheme, never a header parameter", true, Error}, checkAuthHeaderParam},
	{Rule{RuleSecurityDefined, "every operation has a security requirement; every scheme it names exists, with the scopes it asks for", true, Error}, checkSecurityDefined},
	{Rule{RuleServerVariables, "servers exist, are https without a trailing slash, have no placeholders (example.com, localhost), and their variables are used, declared, with a default in their non-empty enum", true, Error}, checkServers},
	{Rule{RulePathTemplate, "paths use {param}, never {{param}} or an empty {}, and carry no query string", true, Error}, checkPathTemplates},
	{Rule{RulePathParameters, "path {params} and in: path parameters match one to one, are required, and no {param} repeats", true, Error}, checkPathParameters},
	{Rule{RuleSchemaNamed, "request and response bodies $ref a components schema (or an array of one)", true, Error}, checkSchemaNamed},
	{Rule{RuleSchemaDescription, "every components schema has a description", true, Error}, checkSchemaDescription},
	{Rule{RulePropertyType, "every property of a components schema has a type, $ref, allOf, oneOf or anyOf", true, Error}, checkPropertyType},
	{Rule{RulePropertyFormat, "string properties named *At/*_at, email, url/*Url/*_url declare date-time, email, uri", true, Error}, checkPropertyFormat},
	{Rule{RuleExampleRequired, "every request body and 2xx response media type has an example", true, Error}, checkExampleRequired},
	{Rule{RuleUnverifiedDescription, "everything marked x-unverified: true has a description", true, Error}, checkUnverifiedDescription},
	{Rule{RuleOperationClientError, "every operation documents a 4xx response", true, Error}, checkClientErrorResponse},
	{Rule{RuleNullableType, "nullable only next to a type", true, Error}, checkNullableType},
	{Rule{RuleSchemaKeywords, "required and enum are non-empty and unique, multipleOf > 0, sizes >= 0, items only on arrays, properties only on objects", true, Error}, checkSchemaKeywords},
	{Rule{RuleSchemaRequired, "required names only properties the schema (or its allOf/oneOf/anyOf) defines", true, Error}, checkSchemaRequired},
	{Rule{RuleEnumValues, "enum values are unique and of the schema's type (null only when nullable)", true, Error}, checkEnumValues},
	{Rule{RuleComposition, "allOf, oneOf and anyOf list at least two distinct, non-empty schemas", true, Warning}, checkComposition},
	{Rule{RulePathTrailingSlash, "no path ends with a slash", true, Error}, checkPathTrailingSlash},
	{Rule{RulePathUnique, "no two paths differ only in parameter names", true, Error}, checkPathUnique},
	{Rule{RulePathAmbiguous, "no two paths can match the same URL", true, Warning}, nil},
	{Rule{RuleComponentUnused, "every component is $ref'd (extensions count) and every security scheme is used", true, Warning}, checkComponentUnused},
	{Rule{RuleInfoDescription, "info has a description", true, Error}, checkInfoDescription},
	{Rule{RuleTagDescription, "every declared tag has a description", true, Error}, checkTagDescription},
	{Rule{RuleMarkdownSafe, "descriptions, summaries and titles have no <script>, on...= handlers, javascript: URLs or eval(", true, Error}, checkMarkdownSafe},
	{Rule{RuleCallbacks, "callback operations have a summary and declare no callbacks", true, Error}, checkCallbacks},
}

// severityOf returns the severity of a rule's findings.
func severityOf(rule string) Severity {
	for _, r := range lintRules {
		if r.Name == rule {
			return r.Severity
		}
	}
	return Error
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

// newFinding builds a finding for the current document; check fills File
// and the rule's Severity.
func newFinding(ptr, rule, format string, args ...any) Finding {
	return Finding{Pointer: ptr, Rule: rule, Message: fmt.Sprintf(format, args...)}
}
