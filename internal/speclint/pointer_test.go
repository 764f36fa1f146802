package speclint

import (
	"slices"
	"testing"
)

func TestJoinAndSplitPointer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tokens []string
		want   string
	}{
		{nil, ""},
		{[]string{"paths", "/v1/users/{id}", "get"}, "/paths/~1v1~1users~1{id}/get"},
		{[]string{"content", "application/json"}, "/content/application~1json"},
		{[]string{"a~b", "c/~d"}, "/a~0b/c~1~0d"},
		{[]string{""}, "/"},
	}
	for _, tt := range tests {
		if got := join("", tt.tokens...); got != tt.want {
			t.Errorf("join(%q) = %q, want %q", tt.tokens, got, tt.want)
		}
		if back := splitPointer(tt.want); !slices.Equal(back, tt.tokens) {
			t.Errorf("splitPointer(%q) = %q, want %q", tt.want, back, tt.tokens)
		}
	}
}

func TestRefPointer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ref   string
		want  string
		local bool
	}{
		{"#/components/schemas/User", "/components/schemas/User", true},
		{"#/paths/~1users%7Bid%7D", "/paths/~1users{id}", true},
		{"#", "", true},
		{"common.yaml#/components/schemas/Error", "", false},
		{"#components", "", false},
	}
	for _, tt := range tests {
		got, local := refPointer(tt.ref)
		if got != tt.want || local != tt.local {
			t.Errorf("refPointer(%q) = %q, %v; want %q, %v", tt.ref, got, local, tt.want, tt.local)
		}
	}
}

func TestHasPointerPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p, prefix string
		want      bool
	}{
		{"/paths/~1x/get", "/paths/~1x", true},
		{"/paths/~1x", "/paths/~1x", true},
		{"/paths/~1xy", "/paths/~1x", false},
		{"/paths", "/paths/~1x", false},
	}
	for _, tt := range tests {
		if got := hasPointerPrefix(tt.p, tt.prefix); got != tt.want {
			t.Errorf("hasPointerPrefix(%q, %q) = %v, want %v", tt.p, tt.prefix, got, tt.want)
		}
	}
}
