package speclint

import (
	"slices"
	"testing"
)

func TestOperationVerbsSortedAndUnique(t *testing.T) {
	t.Parallel()
	verbs := OperationVerbs()
	if !slices.IsSorted(verbs) || len(slices.Compact(slices.Clone(verbs))) != len(verbs) {
		t.Fatalf("operationVerbs must be sorted and unique (isVerb searches it): %q", verbs)
	}
	for _, v := range []string{"get", "list", "create", "update", "upsert", "delete", "identify", "track",
		"start", "download", "validate", "import", "export", "bulk", "search", "sync"} {
		if !isVerb(v) {
			t.Errorf("%q is not a verb", v)
		}
	}
}

func TestOperationIDStyle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id          string
		lowerCamel  bool
		verb        bool
		toLowerCaml string
	}{
		{"listUsers", true, true, "listUsers"},
		{"identifyUser", true, true, "identifyUser"},
		{"getUserByID", true, true, "getUserById"},
		{"ListUsers", false, true, "listUsers"},
		{"upsert_user", false, true, "upsertUser"},
		{"get-user-by-id", false, true, "getUserById"},
		{"users", true, false, "users"},
		{"getting", true, false, "getting"},
		{"get2faCodes", true, true, "get2faCodes"},
		{"löschen", false, false, "lSchen"},
	}
	for _, tt := range tests {
		if got := isLowerCamel(tt.id); got != tt.lowerCamel {
			t.Errorf("isLowerCamel(%q) = %v, want %v", tt.id, got, tt.lowerCamel)
		}
		if got := isVerb(leadingWord(toLowerCamel(tt.id))); got != tt.verb {
			t.Errorf("verb of %q = %v, want %v", tt.id, got, tt.verb)
		}
		if got := toLowerCamel(tt.id); got != tt.toLowerCaml {
			t.Errorf("toLowerCamel(%q) = %q, want %q", tt.id, got, tt.toLowerCaml)
		}
	}
}

func TestSuggestOperationID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path, want string
	}{
		{"get", "/v1/users", "listUsers"},
		{"get", "/v1/users/{id}", "getUser"},
		{"post", "/v1/accounts/{code}/users", "createUser"},
		{"patch", "/v1/companies/{id}", "updateCompany"},
		{"delete", "/v1/users/{id}", "deleteUser"},
		{"post", "/v1/identify", "identify"},
		{"post", "/v1/bulk_import", "bulkImport"},
		{"get", "/", "listResource"},
		{"put", "/v1/addresses/{id}", "updateAddress"},
	}
	for _, tt := range tests {
		if got := suggestOperationID(operation{method: tt.method, path: tt.path}); got != tt.want {
			t.Errorf("suggestOperationID(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
