package speclint

import (
	"slices"
	"strings"
	"testing"
)

// doc is a small valid document that the tests below break.
const doc = `openapi: 3.0.3
info: {title: T, version: "1", description: A test API.}
servers: [{url: "https://api.acme.test"}]
security: [{bearer: []}]
tags: [{name: Things, description: Things.}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: Get a thing
      description: Returns one thing.
      tags: [Things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, PARAM_EXTRA}
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              example: {id: t1, count: 2}
        "404": {$ref: "#/components/responses/Error"}
        default:
          description: Any error.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  responses:
    Error:
      description: Not found.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    Thing:
      type: object
      description: A thing.
      properties:
        id: {type: string}
        count: {type: integer, minimum: 0}
        note: {type: string, example: "$ref and x-unverified are just text here"}
    Error:
      type: object
      description: An error.
      properties:
        message: {type: string}
`

// checkText runs c on doc after the replacements (old, new, old, new...),
// applied in order; PARAM_EXTRA is then dropped unless one replaced it.
func checkText(t *testing.T, c Checker, replacements ...string) []string {
	t.Helper()
	text := doc
	for i := 0; i+1 < len(replacements); i += 2 {
		if !strings.Contains(text, replacements[i]) {
			t.Fatalf("the test document has no %q", replacements[i])
		}
		text = strings.Replace(text, replacements[i], replacements[i+1], 1)
	}
	text = strings.ReplaceAll(text, ", PARAM_EXTRA", "")
	return checkRaw(c, text)
}

// checkRaw runs c on text and formats the findings.
func checkRaw(c Checker, text string) []string {
	var out []string
	for _, f := range c("t.yaml", []byte(text)) {
		out = append(out, f.String())
	}
	return out
}

func TestCheckDocument(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		c            Checker
		replacements []string
		text         string   // the whole document instead of doc
		want         []string // every finding, in order; beginnings of the lines
	}{
		{name: "valid, lint", c: Lint},
		{name: "valid, validate", c: Validate},
		{
			name:         "not YAML",
			c:            Validate,
			replacements: []string{"tags: [Things]", "tags: [Things"},
			want:         []string{"t.yaml: /: openapi-load: the file is not valid YAML (yaml: line"},
		},
		{
			name: "not a mapping",
			c:    Lint,
			text: "- openapi: 3.0.3\n",
			want: []string{"t.yaml: /: openapi-load: the document is not a YAML mapping"},
		},
		{
			name: "kin-openapi cannot load it",
			c:    Validate,
			text: "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {/x: {get: {responses: 5}}}\n",
			want: []string{"t.yaml: /: openapi-load: kin-openapi cannot load the document: "},
		},
		{
			name:         "unresolved parameter ref stops kin-openapi",
			c:            Validate,
			replacements: []string{"{name: id, in: path, required: true, schema: {type: string}, PARAM_EXTRA}", `{$ref: "#/components/parameters/Id"}`},
			want: []string{
				"t.yaml: /: openapi-load: structure and example checks were skipped because of the unresolved $refs",
				`t.yaml: /paths/~1things~1{id}/get/parameters/0/$ref: unresolved-ref: $ref "#/components/parameters/Id" does not resolve`,
			},
		},
		{
			name:         "unresolved schema ref does not stop kin-openapi",
			c:            Validate,
			replacements: []string{`$ref: "#/components/schemas/Error"`, `$ref: "#/components/schemas/Eror"`, "count: 2", "count: -1"},
			want: []string{
				`t.yaml: /paths/~1things~1{id}/get/responses/200/content/application~1json/example/count: example-schema: example does not validate against the schema #/components/schemas/Thing: number must be at least 0`,
				`t.yaml: /paths/~1things~1{id}/get/responses/default/content/application~1json/schema/$ref: unresolved-ref: $ref "#/components/schemas/Eror" does not resolve: the document has nothing at /components/schemas/Eror; did you mean "#/components/schemas/Error"?`,
			},
		},
		{
			name:         "example inside a parameter's examples",
			c:            Validate,
			replacements: []string{", PARAM_EXTRA", ", examples: {a: {value: 5}}"},
			want:         []string{"t.yaml: /paths/~1things~1{id}/get/parameters/0/examples/a/value: example-schema: example does not validate against its inline schema: value must be a string"},
		},
		{
			name:         "duplicate keys",
			c:            Lint,
			replacements: []string{"      summary: Get a thing\n", "      summary: Get a thing\n      summary: Again\n"},
			want:         []string{`t.yaml: /paths/~1things~1{id}/get/summary: openapi-load: key "summary" appears twice in one mapping (lines 10 and 11)`},
		},
		{
			name:         "kin-openapi error in a sequence item",
			c:            Validate,
			replacements: []string{`servers: [{url: "https://api.acme.test"}]`, "servers:\n  - url: https://{env}.example.com\n    variables: {env: {enum: [a]}}"},
			want:         []string{"t.yaml: /servers/0/variables/env: openapi-structure: "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := checkText(t, tt.c, tt.replacements...)
			if tt.text != "" {
				got = checkRaw(tt.c, tt.text)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], w)
				}
			}
		})
	}
}

// TestLiteralValuesAreNotStructure checks that keys inside examples are
// never read as OpenAPI keywords: an example may contain "$ref".
func TestLiteralValuesAreNotStructure(t *testing.T) {
	t.Parallel()
	got := checkText(t, Lint, "example: {id: t1, count: 2}", `example: {id: t1, count: 2, "$ref": "#/nowhere", "x-unverified": true}`,
		"properties:\n        id:", "additionalProperties: true\n      properties:\n        id:")
	if len(got) != 0 {
		t.Errorf("findings in literal values:\n%s", strings.Join(got, "\n"))
	}
}

// TestRefCycleTerminates checks that rules following $refs stop on a cycle.
func TestRefCycleTerminates(t *testing.T) {
	t.Parallel()
	got := checkText(t, Lint, `        default:
          description: Any error.`, `        default:
          $ref: "#/components/responses/A"
        "299":
          description: Any error.`,
		"  responses:\n    Error:", "  responses:\n    A: {$ref: \"#/components/responses/B\"}\n    B: {$ref: \"#/components/responses/A\"}\n    Error:")
	want := `t.yaml: /components/responses/A: openapi-structure: found unresolved ref: "#/components/responses/B"`
	if !slices.Contains(got, want) {
		t.Errorf("a $ref cycle: want %s among:\n%s", want, strings.Join(got, "\n"))
	}
}
