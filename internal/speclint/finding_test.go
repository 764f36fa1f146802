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
		{Finding{"a.yaml", "/paths/~1x/get", "operation-id", "no id; add one", Error}, "a.yaml: /paths/~1x/get: operation-id: no id; add one"},
		{Finding{"a.yaml", "", "openapi-load", "bad", Error}, "a.yaml: /: openapi-load: bad"},
		{Finding{"a.yaml", "/x", "r", "two\n  lines\tand tabs", Error}, "a.yaml: /x: r: two lines and tabs"},
		{Finding{"a.yaml", "/x", "r", "unused", Warning}, "a.yaml: /x: r: warning: unused"},
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
		{"b.yaml", "/a", "r", "m", Error},
		{"a.yaml", "/paths", "z-rule", "m", Error},
		{"a.yaml", "/paths", "a-rule", "m", Error},
		{"a.yaml", "", "r", "m", Error},
		{"b.yaml", "/a", "r", "m", Error}, // duplicate
	}
	want := []Finding{
		{"a.yaml", "", "r", "m", Error},
		{"a.yaml", "/paths", "a-rule", "m", Error},
		{"a.yaml", "/paths", "z-rule", "m", Error},
		{"b.yaml", "/a", "r", "m", Error},
	}
	if got := SortFindings(in); !slices.Equal(got, want) {
		t.Errorf("SortFindings =\n%v\nwant\n%v", got, want)
	}
}
