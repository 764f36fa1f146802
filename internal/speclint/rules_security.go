package speclint

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// credentialHeaders are header names (lower case, without - and _) that
// carry credentials: Authorization, ApiKey, X-API-Key, Token, Api-Key and
// their spellings.
var credentialHeaders = map[string]bool{
	"authorization": true,
	"apikey":        true,
	"xapikey":       true,
	"token":         true,
	"apitoken":      true,
	"xapitoken":     true,
	"authtoken":     true,
	"xauthtoken":    true,
	"accesstoken":   true,
	"xaccesstoken":  true,
}

// isCredentialHeader reports whether a header name carries credentials.
func isCredentialHeader(name string) bool {
	n := strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(name))
	return credentialHeaders[n]
}

// inlineParameters returns every parameter object written out (not a
// $ref) in the document, with its pointer: under path items, operations
// and components.parameters.
func inlineParameters(root *yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	addList := func(list *yaml.Node, p string) {
		for i, prm := range items(list) {
			if !has(prm, "$ref") {
				out[join(p, itoa(i))] = prm
			}
		}
	}
	for _, pi := range pairs(get(root, "paths")) {
		addList(get(pi.val, "parameters"), join("", "paths", pi.key, "parameters"))
	}
	for _, op := range operations(root) {
		addList(get(op.node, "parameters"), join(op.ptr, "parameters"))
	}
	for _, kv := range pairs(get(get(root, "components"), "parameters")) {
		if !has(kv.val, "$ref") {
			out[join("", "components", "parameters", kv.key)] = kv.val
		}
	}
	return out
}

func checkAuthHeaderParam(root *yaml.Node) []Finding {
	var fs []Finding
	for ptr, prm := range inlineParameters(root) {
		name := str(prm, "name")
		if !strings.EqualFold(str(prm, "in"), "header") || !isCredentialHeader(name) {
			continue
		}
		fs = append(fs, newFinding(ptr, RuleAuthHeaderParam,
			"header parameter %q carries credentials; remove it and declare a components.securitySchemes entry "+
				"(type: http, scheme: bearer, or type: apiKey, in: header, name: %s) that security refers to, "+
				"so clients set it once and redact it", name, name))
	}
	return fs
}

func checkSecurityDefined(root *yaml.Node) []Finding {
	schemes := map[string]bool{}
	for _, kv := range pairs(get(get(root, "components"), "securitySchemes")) {
		schemes[kv.key] = true
	}
	defined := slices.Sorted(func(yield func(string) bool) {
		for k := range schemes {
			if !yield(k) {
				return
			}
		}
	})
	var fs []Finding
	checkRequirements := func(list *yaml.Node, p string) {
		for i, req := range items(list) {
			for _, kv := range pairs(req) {
				if schemes[kv.key] {
					fs = append(fs, checkScopes(root, kv.key, kv.val, join(p, itoa(i), kv.key))...)
					continue
				}
				have := "none is defined"
				if len(defined) > 0 {
					have = "defined: " + strings.Join(defined, ", ")
				}
				fs = append(fs, newFinding(join(p, itoa(i), kv.key), RuleSecurityDefined,
					"security requirement names the scheme %q, which components.securitySchemes does not define (%s); define it or correct the name",
					kv.key, have))
			}
		}
	}
	top := get(root, "security")
	checkRequirements(top, "/security")
	global := len(items(top)) > 0
	for _, op := range operations(root) {
		sec := get(op.node, "security")
		checkRequirements(sec, join(op.ptr, "security"))
		if sec == nil && !global {
			fs = append(fs, newFinding(op.ptr, RuleSecurityDefined,
				"%s has no security requirement and the document declares none; add a top-level security: [{<scheme>: []}] "+
					"naming a components.securitySchemes entry (or security: [] on this operation if it is public)", opLabel(op)))
		}
	}
	return fs
}

// checkScopes reports the scopes a requirement lists that its scheme does
// not define: an oauth2 scheme defines them in its flows; any other scheme
// takes none.
func checkScopes(root *yaml.Node, scheme string, scopes *yaml.Node, p string) []Finding {
	def, _ := resolve(root, get(get(get(root, "components"), "securitySchemes"), scheme), "")
	defined := map[string]bool{}
	for _, flow := range pairs(get(def, "flows")) {
		for _, sc := range pairs(get(flow.val, "scopes")) {
			defined[sc.key] = true
		}
	}
	var fs []Finding
	for i, sc := range items(scopes) {
		name, _ := scalar(sc)
		if defined[name] {
			continue
		}
		fix := "list it under the scopes of one of the scheme's flows, or remove it"
		if str(def, "type") != "oauth2" {
			fix = "only oauth2 schemes take scopes, so write []"
		}
		fs = append(fs, newFinding(join(p, itoa(i)), RuleSecurityDefined,
			"the requirement asks %q for the scope %q, which it does not define; %s", scheme, name, fix))
	}
	return fs
}
