package harness

import (
	"math"
	"slices"
)

// Summary describes repeated measurements of one figure.
type Summary struct {
	Median, Min, Max float64
	N                int
}

// Summarize returns the median, min and max of xs (NaN for none).
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Summary{Median: med, Min: s[0], Max: s[len(s)-1], N: len(s)}
}

// Ratios divides a by b run by run, so that a drift of the machine's speed
// between runs affects both sides of each ratio alike.
func Ratios(a, b []float64) []float64 {
	n := min(len(a), len(b))
	out := make([]float64, 0, n)
	for i := range n {
		if b[i] != 0 {
			out = append(out, a[i]/b[i])
		}
	}
	return out
}

// Order is the order in which n sides run in the given run: forward in
// even runs, backward in odd ones (A B C, C B A, A B C …), so that no side
// always goes first or always follows the same neighbour.
func Order(n, run int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if run%2 == 1 {
		slices.Reverse(order)
	}
	return order
}
