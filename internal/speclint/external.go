package speclint

// ExternalRule is one rule of a standard OpenAPI linter's ruleset, as
// configured at the versions the project pins (Makefile, lint-external),
// and how specgen answers it. The table below is the decision record for
// lint parity: it is rendered into cmd/specgen/RULES.md by a test, and
// `make lint-external` checks it against what the linters report.
type ExternalRule struct {
	// Linter is "spectral" (ruleset spectral:oas) or "redocly" (ruleset
	// recommended).
	Linter string
	// Name is the rule's name in that linter.
	Name string
	// Severity is the rule's severity in the ruleset: "error", "warn" or
	// "off" (present in the linter, not enabled by the ruleset).
	Severity string
	// Covered names the specgen rules that report what this rule reports.
	// Empty means the project deliberately does not check it; Note says
	// why, and its findings on the specs are accepted.
	Covered []string
	// Note says how specgen covers the rule, or why it does not.
	Note string
}

// Pinned versions of the standard linters whose rulesets the table
// describes.
const (
	SpectralPackage = "@stoplight/spectral-cli@6.16.3"
	RedoclyPackage  = "@redocly/cli@2.77.0"
)

const (
	kinNote      = "kin-openapi's Validate reports it."
	noContact    = "The documents describe vendors' APIs; cdpkit has no contact to give for them, and the vendors' own is in info.description's sources."
	noLicense    = "The documents describe vendors' APIs, whose terms are the vendors'; cdpkit cannot grant a license for them."
	exampleNote  = "Examples are validated as AJV does: ajv-formats' formats, explicit nulls, null against enum, and schemas AJV rejects (nullable without type, empty or repeated enum/required) reported at the example."
	redoclyClose = " Redocly's unevaluatedProperties default (a schema with properties is closed) is applied too."
)

// externalRules lists every rule of spectral:oas and of Redocly's
// recommended ruleset that applies to OpenAPI 3.0 documents.
var externalRules = []ExternalRule{
	// Spectral, spectral:oas (recommended rules, then the ones it leaves off).
	{"spectral", "parser", "error", []string{RuleOpenAPILoad}, "Spectral's report of YAML it cannot parse (not a ruleset rule)."},
	{"spectral", "invalid-ref", "error", []string{RuleUnresolvedRef}, "Spectral's report of a $ref it cannot resolve (not a ruleset rule)."},
	{"spectral", "array-items", "error", []string{RuleOpenAPIStructure}, kinNote},
	{"spectral", "duplicated-entry-in-enum", "warn", []string{RuleEnumValues}, ""},
	{"spectral", "info-contact", "warn", nil, noContact},
	{"spectral", "info-description", "warn", []string{RuleInfoDescription}, ""},
	{"spectral", "no-$ref-siblings", "error", []string{RuleOpenAPIStructure}, "kin-openapi rejects extra sibling fields next to $ref."},
	{"spectral", "no-eval-in-markdown", "warn", []string{RuleMarkdownSafe}, ""},
	{"spectral", "no-script-tags-in-markdown", "warn", []string{RuleMarkdownSafe}, ""},
	{"spectral", "oas3-api-servers", "warn", []string{RuleServerVariables}, ""},
	{"spectral", "oas3-callbacks-in-callbacks", "warn", []string{RuleCallbacks}, ""},
	{"spectral", "oas3-examples-value-or-externalValue", "warn", []string{RuleOpenAPIStructure, RuleExampleSchema}, kinNote},
	{"spectral", "oas3-operation-security-defined", "warn", []string{RuleSecurityDefined}, "Scopes too: only oauth2 schemes take them, and only those their flows define."},
	{"spectral", "oas3-schema", "error", []string{RuleOpenAPIStructure, RuleOpenAPILoad, RuleSchemaKeywords, RuleUnresolvedRef}, "kin-openapi's Validate (unknown fields, missing required fields, bad values) plus schema-keywords for the Schema Object constraints kin-openapi does not check. Not a full JSON Schema validation of the document: a gap, if any, shows in `make lint-external`."},
	{"spectral", "oas3-server-trailing-slash", "warn", []string{RuleServerVariables}, ""},
	{"spectral", "oas3-server-variables", "error", []string{RuleServerVariables, RuleOpenAPIStructure}, "Undeclared and unused variables, defaults outside the enum. The check that every substitution gives a URL is replaced by the https and placeholder checks."},
	{"spectral", "oas3-unused-component", "warn", []string{RuleComponentUnused}, "A warning, as in Spectral; $refs from extensions count as uses."},
	{"spectral", "oas3-valid-media-example", "error", []string{RuleExampleSchema}, exampleNote},
	{"spectral", "oas3-valid-schema-example", "error", []string{RuleExampleSchema, RuleOpenAPIStructure}, exampleNote + " Defaults are validated by kin-openapi."},
	{"spectral", "openapi-tags-uniqueness", "error", []string{RuleOpenAPIStructure}, kinNote},
	{"spectral", "operation-description", "warn", []string{RuleOperationDescription}, ""},
	{"spectral", "operation-operationId", "warn", []string{RuleOperationID}, ""},
	{"spectral", "operation-operationId-unique", "error", []string{RuleOpenAPIStructure}, kinNote},
	{"spectral", "operation-operationId-valid-in-url", "warn", []string{RuleOperationIDStyle}, "lowerCamelCase ids are URL-safe."},
	{"spectral", "operation-parameters", "warn", []string{RuleOpenAPIStructure}, kinNote},
	{"spectral", "operation-success-response", "warn", []string{RuleOperationSuccessResponse}, "Stricter: a 2xx response; a 3xx alone does not do."},
	{"spectral", "operation-tag-defined", "warn", []string{RuleOperationTags}, ""},
	{"spectral", "operation-tags", "warn", []string{RuleOperationTags}, ""},
	{"spectral", "path-declarations-must-exist", "warn", []string{RulePathTemplate}, ""},
	{"spectral", "path-keys-no-trailing-slash", "warn", []string{RulePathTrailingSlash}, "An error in specgen."},
	{"spectral", "path-not-include-query", "warn", []string{RulePathTemplate}, ""},
	{"spectral", "path-params", "error", []string{RulePathParameters, RulePathUnique, RuleOpenAPIStructure}, ""},
	{"spectral", "typed-enum", "warn", []string{RuleEnumValues}, ""},
	{"spectral", "contact-properties", "off", nil, noContact},
	{"spectral", "info-license", "off", nil, noLicense},
	{"spectral", "license-url", "off", nil, noLicense},
	{"spectral", "oas3-parameter-description", "off", nil, "Not enforced: a parameter's name and schema usually say enough; the project documents parameters where they need it."},
	{"spectral", "oas3-server-not-example.com", "off", []string{RuleServerVariables}, "specgen checks it anyway (Redocly's no-server-example.com)."},
	{"spectral", "openapi-tags", "off", []string{RuleOperationTags}, "Every operation's tag must be declared, so tags is never empty."},
	{"spectral", "openapi-tags-alphabetical", "off", nil, "Tags are ordered as the documentation should read, not alphabetically."},
	{"spectral", "operation-singular-tag", "off", []string{RuleOperationTags}, "specgen requires exactly one tag."},
	{"spectral", "tag-description", "off", []string{RuleTagDescription}, "specgen checks it anyway (Redocly's tag-description)."},

	// Redocly, recommended (rules for OpenAPI 3.0; "off" ones last).
	{"redocly", "parse", "error", []string{RuleOpenAPILoad}, "Not a rule: Redocly stops when it cannot parse the YAML, and lint-external records that."},
	{"redocly", "struct", "error", []string{RuleOpenAPIStructure, RuleOpenAPILoad, RuleSchemaKeywords}, kinNote},
	{"redocly", "no-unresolved-refs", "error", []string{RuleUnresolvedRef}, ""},
	{"redocly", "info-license", "warn", nil, noLicense},
	{"redocly", "info-license-strict", "warn", nil, noLicense},
	{"redocly", "no-ambiguous-paths", "warn", []string{RulePathAmbiguous, RulePathUnique}, "A warning, as in Redocly; paths that differ only in parameter names are an error (path-unique)."},
	{"redocly", "no-duplicated-enum-values", "warn", []string{RuleEnumValues}, ""},
	{"redocly", "no-duplicated-tag-names", "warn", []string{RuleOpenAPIStructure}, kinNote},
	{"redocly", "no-empty-servers", "error", []string{RuleServerVariables}, ""},
	{"redocly", "no-enum-type-mismatch", "error", []string{RuleEnumValues}, ""},
	{"redocly", "no-example-value-and-externalValue", "error", []string{RuleOpenAPIStructure, RuleExampleSchema}, kinNote},
	{"redocly", "no-identical-paths", "error", []string{RulePathUnique, RuleOpenAPIStructure}, ""},
	{"redocly", "no-illogical-composition-keywords", "warn", []string{RuleComposition}, "A warning, as in Redocly."},
	{"redocly", "no-invalid-media-type-examples", "warn", []string{RuleExampleSchema, RuleUnresolvedRef}, "An error in specgen. " + exampleNote + redoclyClose},
	{"redocly", "no-invalid-parameter-examples", "warn", []string{RuleExampleSchema}, "An error in specgen. " + exampleNote},
	{"redocly", "no-invalid-schema-examples", "warn", []string{RuleExampleSchema}, "An error in specgen. " + exampleNote},
	{"redocly", "no-path-trailing-slash", "error", []string{RulePathTrailingSlash}, ""},
	{"redocly", "no-required-schema-properties-undefined", "warn", []string{RuleSchemaRequired}, "An error in specgen."},
	{"redocly", "no-schema-type-mismatch", "error", []string{RuleSchemaKeywords}, ""},
	{"redocly", "no-server-example.com", "warn", []string{RuleServerVariables}, "An error in specgen: example.com and localhost are placeholders."},
	{"redocly", "no-server-trailing-slash", "error", []string{RuleServerVariables}, ""},
	{"redocly", "no-server-variables-empty-enum", "error", []string{RuleServerVariables}, "Empty enums and defaults outside the enum."},
	{"redocly", "no-undefined-server-variable", "error", []string{RuleServerVariables, RuleOpenAPIStructure}, ""},
	{"redocly", "no-unsafe-markdown", "warn", []string{RuleMarkdownSafe}, "An error in specgen."},
	{"redocly", "no-unused-components", "warn", []string{RuleComponentUnused}, "A warning, as in Redocly; unlike Redocly, specgen counts $refs from extensions (x-request-body) as uses, as Spectral does."},
	{"redocly", "nullable-type-sibling", "error", []string{RuleNullableType}, ""},
	{"redocly", "operation-2xx-response", "warn", []string{RuleOperationSuccessResponse}, "An error in specgen."},
	{"redocly", "operation-4xx-response", "warn", []string{RuleOperationClientError}, "An error in specgen: callers need to see which failures are theirs."},
	{"redocly", "operation-operationId", "warn", []string{RuleOperationID}, ""},
	{"redocly", "operation-operationId-unique", "error", []string{RuleOpenAPIStructure}, kinNote},
	{"redocly", "operation-operationId-url-safe", "error", []string{RuleOperationIDStyle}, ""},
	{"redocly", "operation-parameters-unique", "error", []string{RuleOpenAPIStructure}, kinNote},
	{"redocly", "operation-summary", "error", []string{RuleOperationSummary, RuleCallbacks}, "Callback operations too (callbacks)."},
	{"redocly", "path-declaration-must-exist", "error", []string{RulePathTemplate}, ""},
	{"redocly", "path-not-include-query", "error", []string{RulePathTemplate}, ""},
	{"redocly", "path-parameters-defined", "error", []string{RulePathParameters, RuleOpenAPIStructure, RuleCallbacks}, "Redocly also reports callbacks nested in callbacks here."},
	{"redocly", "security-defined", "error", []string{RuleSecurityDefined}, ""},
	{"redocly", "security-scopes-defined", "warn", []string{RuleSecurityDefined}, "An error in specgen."},
	{"redocly", "spec-components-invalid-map-name", "error", []string{RuleOpenAPIStructure}, kinNote},
	{"redocly", "spec-ref-siblings", "warn", []string{RuleOpenAPIStructure}, "An error in specgen (kin-openapi)."},
	{"redocly", "tag-description", "warn", []string{RuleTagDescription}, "An error in specgen."},
	{"redocly", "array-parameter-serialization", "off", nil, "Off upstream; oapi-codegen uses OpenAPI's default style."},
	{"redocly", "boolean-parameter-prefixes", "off", nil, "Off upstream; parameter names are the vendors'."},
	{"redocly", "component-name-unique", "off", nil, "Off upstream; the documents are single files."},
	{"redocly", "info-contact", "off", nil, noContact},
	{"redocly", "no-http-verbs-in-paths", "off", nil, "Off upstream; paths are the vendors' (/v1/track, /v1/identify)."},
	{"redocly", "operation-4xx-problem-details-rfc7807", "off", nil, "Off upstream; the vendors' error bodies are not RFC 7807."},
	{"redocly", "operation-description", "off", []string{RuleOperationDescription}, "specgen requires it anyway."},
	{"redocly", "operation-singular-tag", "off", []string{RuleOperationTags}, "specgen requires exactly one tag."},
	{"redocly", "operation-tag-defined", "off", []string{RuleOperationTags}, "specgen requires it anyway."},
	{"redocly", "parameter-description", "off", nil, "Off upstream (see Spectral's oas3-parameter-description)."},
	{"redocly", "path-http-verbs-order", "off", nil, "Off upstream."},
	{"redocly", "path-params-defined", "off", []string{RulePathParameters}, "Alias of path-parameters-defined."},
	{"redocly", "path-segment-plural", "off", nil, "Off upstream; paths are the vendors'."},
	{"redocly", "paths-kebab-case", "off", nil, "Off upstream; paths are the vendors' (bulk_identify)."},
	{"redocly", "request-mime-type", "off", nil, "Off upstream."},
	{"redocly", "required-string-property-missing-min-length", "off", nil, "Off upstream."},
	{"redocly", "response-contains-header", "off", nil, "Off upstream."},
	{"redocly", "response-contains-property", "off", nil, "Off upstream."},
	{"redocly", "response-mime-type", "off", nil, "Off upstream."},
	{"redocly", "scalar-property-missing-example", "off", nil, "Off upstream; bodies carry whole examples (example-required)."},
	{"redocly", "spec-example-values", "off", nil, "Off upstream."},
	{"redocly", "spec-strict-refs", "off", nil, "Off upstream; unresolved-ref allows only local refs anyway."},
	{"redocly", "tags-alphabetical", "off", nil, "Off upstream; tags are ordered as the documentation should read."},
}

// ExternalRules returns the decision record for every rule of the two
// standard rulesets: which specgen rules cover it, or why none does.
func ExternalRules() []ExternalRule {
	out := make([]ExternalRule, len(externalRules))
	copy(out, externalRules)
	return out
}
