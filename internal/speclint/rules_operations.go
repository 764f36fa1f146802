package speclint

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// opLabel names an operation in messages: "POST /v1/users".
func opLabel(op operation) string {
	return strings.ToUpper(op.method) + " " + op.path
}

func checkOperationID(root *yaml.Node) []Finding {
	var fs []Finding
	for _, op := range operations(root) {
		if !nonEmpty(op.node, "operationId") {
			fs = append(fs, newFinding(op.ptr, RuleOperationID,
				"%s has no operationId; add one in lowerCamelCase that starts with a verb, such as %s",
				opLabel(op), suggestOperationID(op)))
		}
	}
	return fs
}

func checkOperationIDStyle(root *yaml.Node) []Finding {
	var fs []Finding
	for _, op := range operations(root) {
		id := strings.TrimSpace(str(op.node, "operationId"))
		if id == "" {
			continue // operation-id reports it
		}
		ptr := join(op.ptr, "operationId")
		switch {
		case !isLowerCamel(id):
			fix := toLowerCamel(id)
			if fix == "" || !isLowerCamel(fix) {
				fix = suggestOperationID(op)
			}
			fs = append(fs, newFinding(ptr, RuleOperationIDStyle,
				"operationId %q is not lowerCamelCase; rename it to %q", id, fix))
		case !isVerb(leadingWord(id)):
			fs = append(fs, newFinding(ptr, RuleOperationIDStyle,
				"operationId %q does not start with a verb; start it with one, such as get, list, create, update, upsert, delete, identify or track "+
					"(e.g. %q; `specgen rules` lists them all), or add the verb to speclint's list", id, suggestOperationID(op)))
		}
	}
	return fs
}

// suggestOperationID proposes an operationId from the method and the last
// literal segment of the path: GET /users → listUsers, GET /users/{id} →
// getUser, POST /users → createUser, POST /v1/identify → identify.
func suggestOperationID(op operation) string {
	segs := strings.Split(strings.Trim(op.path, "/"), "/")
	byID := len(segs) > 0 && strings.HasPrefix(segs[len(segs)-1], "{")
	noun := "Resource"
	for i := len(segs) - 1; i >= 0; i-- {
		if s := segs[i]; s != "" && !strings.ContainsAny(s, "{}") {
			w := toLowerCamel(s)
			if isVerb(leadingWord(w)) {
				return w // the path names the action: /identify, /bulk_import
			}
			if w != "" {
				noun = strings.ToUpper(w[:1]) + w[1:]
			}
			break
		}
	}
	switch op.method {
	case "get":
		if !byID {
			return "list" + noun
		}
		return "get" + Singular(noun)
	case "post":
		return "create" + Singular(noun)
	case "put", "patch":
		return "update" + Singular(noun)
	case "delete":
		return "delete" + Singular(noun)
	}
	return "get" + noun
}

// Singular makes a plural noun singular, for the common English cases:
// Users → User, Companies → Company, Addresses → Address.
func Singular(noun string) string {
	switch {
	case strings.HasSuffix(noun, "ies"):
		return strings.TrimSuffix(noun, "ies") + "y"
	case strings.HasSuffix(noun, "sses"):
		return strings.TrimSuffix(noun, "es")
	case strings.HasSuffix(noun, "s") && !strings.HasSuffix(noun, "ss"):
		return strings.TrimSuffix(noun, "s")
	}
	return noun
}

func checkOperationSummary(root *yaml.Node) []Finding {
	return checkOperationText(root, "summary", RuleOperationSummary,
		"a one-line summary (it becomes the first line of the method's doc comment)")
}

func checkOperationDescription(root *yaml.Node) []Finding {
	return checkOperationText(root, "description", RuleOperationDescription,
		"a description that says what the call does, its side effects and its limits")
}

// checkOperationText reports operations whose key is missing or blank.
func checkOperationText(root *yaml.Node, key, rule, what string) []Finding {
	var fs []Finding
	for _, op := range operations(root) {
		switch n := get(op.node, key); {
		case n == nil:
			fs = append(fs, newFinding(op.ptr, rule, "%s has no %s; add %s", opLabel(op), key, what))
		case !nonEmpty(op.node, key):
			fs = append(fs, newFinding(join(op.ptr, key), rule, "%s has an empty %s; write %s", opLabel(op), key, what))
		}
	}
	return fs
}

func checkOperationTags(root *yaml.Node) []Finding {
	declared := map[string]bool{}
	for _, t := range items(get(root, "tags")) {
		declared[str(t, "name")] = true
	}
	var fs []Finding
	for _, op := range operations(root) {
		tags := items(get(op.node, "tags"))
		switch {
		case len(tags) == 0:
			fs = append(fs, newFinding(op.ptr, RuleOperationTags,
				"%s has no tag; add exactly one tag (the resource it belongs to) and declare it in the top-level tags", opLabel(op)))
			continue
		case len(tags) > 1:
			fs = append(fs, newFinding(join(op.ptr, "tags"), RuleOperationTags,
				"%s has %d tags; keep exactly one, so the operation is documented and grouped once", opLabel(op), len(tags)))
		}
		for i, t := range tags {
			name, _ := scalar(t)
			if !declared[name] {
				fs = append(fs, newFinding(join(op.ptr, "tags", itoa(i)), RuleOperationTags,
					"tag %q is not declared in the top-level tags; add {name: %s, description: ...} to tags, or use a declared tag", name, name))
			}
		}
	}
	return fs
}

func checkSuccessResponse(root *yaml.Node) []Finding {
	var fs []Finding
	for _, op := range operations(root) {
		responses := get(op.node, "responses")
		ok := false
		for _, r := range pairs(responses) {
			ok = ok || isSuccess(r.key)
		}
		if !ok {
			at := op.ptr
			if responses != nil {
				at = join(op.ptr, "responses")
			}
			fs = append(fs, newFinding(at, RuleOperationSuccessResponse,
				"%s documents no 2xx response; add the success response (200, 201, 202 or 204) the API returns", opLabel(op)))
		}
	}
	return fs
}

// errorSchemaFix is how every operation-default-response message ends.
const errorSchemaFix = "add default: {$ref: '#/components/responses/Error'}, a response whose application/json schema is $ref: '#/components/schemas/Error' (the API's error schema)"

func checkDefaultResponse(root *yaml.Node) []Finding {
	var fs []Finding
	seen := map[string]bool{}
	for _, op := range operations(root) {
		responses := get(op.node, "responses")
		def := get(responses, "default")
		if def == nil {
			at := op.ptr
			if responses != nil {
				at = join(op.ptr, "responses")
			}
			fs = append(fs, newFinding(at, RuleOperationDefaultResponse,
				"%s has no default response; %s", opLabel(op), errorSchemaFix))
			continue
		}
		def, ptr := resolve(root, def, join(op.ptr, "responses", "default"))
		if seen[ptr] || has(def, "$ref") {
			continue // reported once; an unresolved $ref is reported by unresolved-ref
		}
		seen[ptr] = true
		if f, bad := checkErrorResponse(def, ptr); bad {
			fs = append(fs, f)
		}
	}
	return fs
}

// checkErrorResponse checks that a default response has a JSON body whose
// schema is a $ref to a components schema.
func checkErrorResponse(def *yaml.Node, ptr string) (Finding, bool) {
	var jsonMT *mediaType
	for _, mt := range mediaTypes(def, ptr) {
		if isJSON(mt.name) {
			jsonMT = &mt
			break
		}
	}
	if jsonMT == nil {
		return newFinding(ptr, RuleOperationDefaultResponse,
			"the default response has no application/json content; %s", errorSchemaFix), true
	}
	schema := get(jsonMT.node, "schema")
	ref, _ := scalar(get(schema, "$ref"))
	if strings.Contains(ref, "#/components/schemas/") { // unresolved-ref checks where it leads
		return Finding{}, false
	}
	at := jsonMT.ptr
	if schema != nil {
		at = join(jsonMT.ptr, "schema")
	}
	return newFinding(at, RuleOperationDefaultResponse,
		"the default response's schema is not a $ref to a components schema; use $ref: '#/components/schemas/Error' (the API's error schema) so every error decodes into one type"), true
}

func checkGetWithBody(root *yaml.Node) []Finding {
	var fs []Finding
	for _, op := range operations(root) {
		if op.method != "get" && op.method != "delete" && op.method != "head" {
			continue
		}
		body := get(op.node, "requestBody")
		if body == nil {
			continue
		}
		// A DELETE body the server requires (Userpilot's deletes take their
		// ids that way) is allowed when the document says so with required:
		// true; OpenAPI 3.0.3 leaves its meaning to the server.
		if op.method == "delete" && isTrue(get(body, "required")) {
			continue
		}
		hint := ""
		if op.method == "delete" {
			hint = " (a DELETE whose server requires the body may keep it, marked required: true)"
		}
		fs = append(fs, newFinding(join(op.ptr, "requestBody"), RuleGetWithBody,
			"%s has a request body, which HTTP clients and proxies may drop; send the fields as query parameters "+
				"(or use POST), and list the change under \"Deviations from the vendor's document\" in info.description%s", opLabel(op), hint))
	}
	return fs
}

func checkClientErrorResponse(root *yaml.Node) []Finding {
	var fs []Finding
	for _, op := range append(operations(root), callbackOperations(root)...) {
		responses := get(op.node, "responses")
		ok := false
		for _, r := range pairs(responses) {
			ok = ok || (len(r.key) == 3 && r.key[0] == '4')
		}
		if ok {
			continue
		}
		at := op.ptr
		if responses != nil {
			at = join(op.ptr, "responses")
		}
		fs = append(fs, newFinding(at, RuleOperationClientError,
			"%s documents no 4xx response; add the client errors the API returns (400, 401, 404, 429, or 4XX), "+
				"$ref'ing the error response, so callers see which failures are theirs", opLabel(op)))
	}
	return fs
}
