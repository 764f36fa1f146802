package harness

import (
	"slices"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	cases := []struct {
		in   []float64
		want Summary
	}{
		{[]float64{3, 1, 2}, Summary{Median: 2, Min: 1, Max: 3, N: 3}},
		{[]float64{4, 1, 3, 2}, Summary{Median: 2.5, Min: 1, Max: 4, N: 4}},
		{[]float64{7}, Summary{Median: 7, Min: 7, Max: 7, N: 1}},
	}
	for _, tc := range cases {
		if got := Summarize(tc.in); got != tc.want {
			t.Errorf("Summarize(%v) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if s := Summarize(nil); s.N != 0 || s.Median == s.Median {
		t.Errorf("Summarize(nil) = %+v, want NaN", s)
	}
}

func TestOrderAlternates(t *testing.T) {
	var got [][]int
	for run := range 4 {
		got = append(got, Order(3, run))
	}
	want := [][]int{{0, 1, 2}, {2, 1, 0}, {0, 1, 2}, {2, 1, 0}}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("Order = %v, want %v", got, want)
		}
	}
}

func TestRatiosPairRuns(t *testing.T) {
	// The machine slows down by half in run 2: each ratio stays 2.
	got := Ratios([]float64{2, 4, 2}, []float64{1, 2, 1})
	if !slices.Equal(got, []float64{2, 2, 2}) {
		t.Errorf("Ratios = %v", got)
	}
}

func TestTableMarkdown(t *testing.T) {
	s := Samples{}
	for run := range 3 {
		s.Add("cdpkit", "ns", float64(100+run))
		s.Add("peer", "ns", 50)
		s.Add("cdpkit", "lost", 0)
		s.Add("peer", "lost", 0)
	}
	md := Table{Subjects: []string{"cdpkit"}, Peers: []string{"peer"}, Metrics: []Metric{
		{Key: "ns", Label: "ns/op"}, {Key: "lost", Label: "lost", NoRatio: true},
	}}.Markdown(s)
	for _, want := range []string{
		"| metric | cdpkit | peer | ratio |",
		"| ns/op | 101 (100–102) | 50.0 | 2.02× (2.00–2.04) |",
		"| lost | 0 | 0 |  |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("table lacks %q:\n%s", want, md)
		}
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{1234567: "1,234,567", 97.14: "97.1", 0.456: "0.456", 3.14159: "3.14", 0: "0", -1500: "-1,500"} {
		if got := Num(v); got != want {
			t.Errorf("Num(%v) = %q, want %q", v, got, want)
		}
	}
}
