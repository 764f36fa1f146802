package speclint

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// methods are the OpenAPI 3.0 operation keys of a Path Item, in the order
// kin-openapi and oapi-codegen use.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operation is one operation of the document.
type operation struct {
	path   string     // path template, the key under /paths
	method string     // lower case, as written in the document
	ptr    string     // JSON pointer of the operation
	node   *yaml.Node // the Operation Object
}

// operations returns every operation under /paths in document order.
func operations(root *yaml.Node) []operation {
	var ops []operation
	for _, pi := range pairs(get(root, "paths")) {
		for _, m := range methods {
			op := get(pi.val, m)
			if !isMap(op) {
				continue
			}
			ops = append(ops, operation{
				path:   pi.key,
				method: m,
				ptr:    join("", "paths", pi.key, m),
				node:   op,
			})
		}
	}
	return ops
}

// mediaType is one entry of a content map.
type mediaType struct {
	name string     // media type, such as application/json
	ptr  string     // JSON pointer of the Media Type Object
	node *yaml.Node // the Media Type Object
}

// mediaTypes returns the entries of the content map of a request body,
// response, parameter or header found at pointer p.
func mediaTypes(owner *yaml.Node, p string) []mediaType {
	var out []mediaType
	for _, kv := range pairs(get(owner, "content")) {
		out = append(out, mediaType{name: kv.key, ptr: join(p, "content", kv.key), node: kv.val})
	}
	return out
}

// body is a request body or response after following its $refs.
type body struct {
	ptr     string     // JSON pointer of the object after following $refs
	node    *yaml.Node // the Request Body or Response Object
	request bool       // a request body rather than a response
	status  string     // the response's status key; "" for a request body
}

// bodies returns every request body and response of the document after
// following $refs, each once: those of the operations and those declared
// under components. With successOnly, only 2xx responses of operations
// are returned (and no component responses, which may be errors).
func bodies(root *yaml.Node, successOnly bool) []body {
	var out []body
	seen := map[string]bool{}
	add := func(n *yaml.Node, p string, request bool, status string) {
		n, p = resolve(root, n, p)
		if n == nil || seen[p] || has(n, "$ref") {
			return
		}
		seen[p] = true
		out = append(out, body{ptr: p, node: n, request: request, status: status})
	}
	for _, op := range operations(root) {
		if rb := get(op.node, "requestBody"); rb != nil {
			add(rb, join(op.ptr, "requestBody"), true, "")
		}
		for _, r := range pairs(get(op.node, "responses")) {
			if successOnly && !isSuccess(r.key) {
				continue
			}
			add(r.val, join(op.ptr, "responses", r.key), false, r.key)
		}
	}
	for _, kv := range pairs(get(get(root, "components"), "requestBodies")) {
		add(kv.val, join("", "components", "requestBodies", kv.key), true, "")
	}
	if !successOnly {
		for _, kv := range pairs(get(get(root, "components"), "responses")) {
			add(kv.val, join("", "components", "responses", kv.key), false, "")
		}
	}
	return out
}

// isSuccess reports whether a response key is a 2xx status or range.
func isSuccess(status string) bool {
	return len(status) == 3 && status[0] == '2'
}

// isJSON reports whether a media type carries JSON: application/json or
// a +json type such as application/problem+json, parameters ignored.
func isJSON(name string) bool {
	base, _, _ := strings.Cut(name, ";")
	base = strings.ToLower(strings.TrimSpace(base))
	return base == "application/json" || strings.HasSuffix(base, "+json")
}
