package speclint

import (
	"os"

	"gopkg.in/yaml.v3"
)

// Checker checks one document: file names it in the findings, data is its
// text. Validate and Lint are Checkers.
type Checker func(file string, data []byte) []Finding

// Validate applies the validate-stage rules to one OpenAPI document:
// it must parse, every $ref must resolve locally, kin-openapi's Validate
// must accept it (examples and patterns included), and every example must
// validate against its schema. The findings are sorted.
func Validate(file string, data []byte) []Finding {
	return check(file, data, false)
}

// Lint applies the validate-stage rules and the project rules to one
// OpenAPI document. The findings are sorted.
func Lint(file string, data []byte) []Finding {
	return check(file, data, true)
}

// CheckFiles reads each file and checks it with c. A file that cannot be
// read yields an openapi-load finding. The findings are sorted.
func CheckFiles(c Checker, files ...string) []Finding {
	var out []Finding
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			out = append(out, Finding{File: f, Rule: RuleOpenAPILoad,
				Message: "cannot read the file: " + err.Error() + "; check the path"})
			continue
		}
		out = append(out, c(f, data)...)
	}
	return SortFindings(out)
}

func check(file string, data []byte, lint bool) []Finding {
	fs := checkDocument(data, lint)
	for i := range fs {
		fs[i].File = file
		fs[i].Severity = severityOf(fs[i].Rule)
	}
	return SortFindings(fs)
}

// checkDocument returns the findings for one document, File left empty.
func checkDocument(data []byte, lint bool) []Finding {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []Finding{newFinding("", RuleOpenAPILoad, "the file is not valid YAML (%v); fix the syntax", err)}
	}
	root := deref(&doc)
	if root == nil || root.Kind != yaml.MappingNode {
		return []Finding{newFinding("", RuleOpenAPILoad,
			"the document is not a YAML mapping; an OpenAPI document starts with openapi: 3.0.3, info and paths")}
	}
	fs := findDuplicateKeys(root)
	if len(fs) == 0 {
		// kin-openapi cannot load a document with duplicate keys.
		fs = append(fs, checkRefSyntax(root)...)
		unresolved := findUnresolvedRefs(root)
		for _, s := range unresolved {
			fs = append(fs, unresolvedRefFinding(root, s))
		}
		fs = append(fs, validateWithKin(data, unresolved)...)
	}
	if lint {
		for _, r := range lintRules {
			if r.check != nil { // nil: checked along with another rule
				fs = append(fs, r.check(root)...)
			}
		}
	}
	return fs
}
