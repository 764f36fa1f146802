package speclint

import (
	"gopkg.in/yaml.v3"
)

// callbackOperations returns the operations of every callback of the
// operations under /paths (one level: callbacks in callbacks are reported
// by checkCallbacks, not walked).
func callbackOperations(root *yaml.Node) []operation {
	var out []operation
	for _, op := range operations(root) {
		for _, cb := range pairs(get(op.node, "callbacks")) {
			cbNode, cbPtr := resolve(root, cb.val, join(op.ptr, "callbacks", cb.key))
			for _, expr := range pairs(cbNode) {
				for _, m := range methods {
					if o := get(expr.val, m); isMap(o) {
						out = append(out, operation{path: expr.key, method: m, ptr: join(cbPtr, expr.key, m), node: o})
					}
				}
			}
		}
	}
	return out
}

func checkCallbacks(root *yaml.Node) []Finding {
	var fs []Finding
	for _, op := range callbackOperations(root) {
		if has(op.node, "callbacks") {
			fs = append(fs, newFinding(join(op.ptr, "callbacks"), RuleCallbacks,
				"callback operation %s declares callbacks of its own; a callback cannot call back, so remove them", opLabel(op)))
		}
		if !nonEmpty(op.node, "summary") {
			fs = append(fs, newFinding(op.ptr, RuleCallbacks,
				"callback operation %s has no summary; add a one-line summary of the request the API sends", opLabel(op)))
		}
	}
	return fs
}
