package speclint

import (
	"gopkg.in/yaml.v3"
)

func checkUnverifiedDescription(root *yaml.Node) []Finding {
	var fs []Finding
	walkObjects(root, func(p string, n *yaml.Node) {
		if isTrue(get(n, "x-unverified")) && !nonEmpty(n, "description") {
			fs = append(fs, newFinding(p, RuleUnverifiedDescription,
				"marked x-unverified but has no description; add a description that says what this was inferred from "+
					"(e.g. \"Inferred from the vendor's Postman collection; not confirmed by its reference.\")"))
		}
	})
	return fs
}
