package speclint

import (
	"slices"
	"testing"
)

func TestFindingString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{"a.yaml", "/paths/~1x/get", "operation-id", "no id; add one"}, "a.yaml: /paths/~1x/get: operation-id: no id; add one"},
		{Finding{"a.yaml", "", "openapi-load", "bad"}, "a.yaml: /: openapi-load: bad"},
		{Finding{"a.yaml", "/x", "r", "two\n  lines\tand tabs"}, "a.yaml: /x: r: two lines and tabs"},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestSortFindings(t *testing.T) {
	t.Parallel()
	in := []Finding{
		{"b.yaml", "/a", "r", "m"},
		{"a.yaml", "/paths", "z-rule", "m"},
		{"a.yaml", "/paths", "a-rule", "m"},
		{"a.yaml", "", "r", "m"},
		{"b.yaml", "/a", "r", "m"}, // duplicate
	}
	want := []Finding{
		{"a.yaml", "", "r", "m"},
		{"a.yaml", "/paths", "a-rule", "m"},
		{"a.yaml", "/paths", "z-rule", "m"},
		{"b.yaml", "/a", "r", "m"},
	}
	if got := SortFindings(in); !slices.Equal(got, want) {
		t.Errorf("SortFindings =\n%v\nwant\n%v", got, want)
	}
}
