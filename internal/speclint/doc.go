// Package speclint checks cdpkit's hand-written OpenAPI 3.0.3 documents
// (specs/*.yaml) and reports every problem as a [Finding]: the file, a JSON
// pointer to the offending node, the rule and a message that says what is
// wrong and how to fix it. cmd/specgen is its command-line front end.
//
// There are two levels of checking:
//
//   - [Validate] loads the document with kin-openapi (external refs off)
//     and runs its Validate with example and pattern validation and
//     multi-error mode on. Its rules are openapi-load, unresolved-ref,
//     openapi-structure and example-schema. Unresolved $refs are found by
//     scanning the YAML tree, so all of them are reported, each where it
//     is, and unresolved schema refs are stubbed so that the rest of the
//     document is still validated. Every example is validated against its
//     schema on its own, so each finding points into the example, at the
//     value that is wrong.
//   - [Lint] adds the project rules of DESIGN.md ("Spec rules"):
//     operation-id, operation-id-style, auth-header-param, schema-named,
//     example-required and the others that [Rules] lists.
//
// Both take the document's text and return sorted findings; [CheckFiles]
// reads files first:
//
//	for _, f := range speclint.CheckFiles(speclint.Lint, "specs/userlot.yaml") {
//		fmt.Println(f) // specs/userlot.yaml: /paths/~1v1~1users/post: operation-id: ...
//	}
//
// The project rules read the YAML node tree, not kin-openapi's model, so
// they know where every node is and still run when kin-openapi cannot load
// the document. kin-openapi's own errors are mapped back to pointers
// through its typed context errors (section, path, operation, component)
// and the line and column it records for each object (its Origin).
//
// To add a rule, write a check function in the rules_*.go file of its
// topic, register it in rules.go, and add testdata/broken/<rule>.yaml with
// its golden output under cmd/specgen. The verbs an operationId may start
// with are listed once, in verbs.go; [OperationVerbs] returns them.
package speclint
