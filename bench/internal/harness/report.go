package harness

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Samples holds one scenario's figures: side → metric → one value per run,
// in run order, so that values of two sides at the same index come from
// the same run.
type Samples map[string]map[string][]float64

// Add appends one run's value of a metric for a side.
func (s Samples) Add(side, metric string, v float64) {
	if s[side] == nil {
		s[side] = map[string][]float64{}
	}
	s[side][metric] = append(s[side][metric], v)
}

// Metric is one row of a table.
type Metric struct {
	// Key names the metric in Samples.
	Key string
	// Label is the row's first cell, unit included.
	Label string
	// Format renders a value; nil uses three significant digits.
	Format func(float64) string
	// NoRatio leaves the ratio cells empty (counts such as "lost").
	NoRatio bool
}

// Table is one scenario's table: a row per metric; each cdpkit side's
// figure, then each peer's figure followed by the ratio of every cdpkit
// side to it, computed run by run. Every cell is the median over runs with
// min–max beside it.
type Table struct {
	Title    string
	Subjects []string // cdpkit's sides
	Peers    []string
	Metrics  []Metric
}

// Markdown renders t from s.
func (t Table) Markdown(s Samples) string {
	var b strings.Builder
	head := []string{"metric"}
	head = append(head, t.Subjects...)
	for _, p := range t.Peers {
		head = append(head, p)
		for _, subj := range t.Subjects {
			label := "ratio"
			if len(t.Subjects) > 1 {
				label = subj + " ÷ " + p
			}
			head = append(head, label)
		}
	}
	row(&b, head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
	}
	row(&b, sep)
	for _, m := range t.Metrics {
		format := m.Format
		if format == nil {
			format = Num
		}
		cells := []string{m.Label}
		for _, subj := range t.Subjects {
			cells = append(cells, cell(s[subj][m.Key], format))
		}
		for _, p := range t.Peers {
			cells = append(cells, cell(s[p][m.Key], format))
			for _, subj := range t.Subjects {
				if m.NoRatio {
					cells = append(cells, "")
					continue
				}
				cells = append(cells, ratioCell(Ratios(s[subj][m.Key], s[p][m.Key])))
			}
		}
		row(&b, cells)
	}
	return b.String()
}

func row(b *strings.Builder, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// cell shows the median of xs with min–max beside it when they differ.
func cell(xs []float64, format func(float64) string) string {
	if len(xs) == 0 {
		return "–"
	}
	sum := Summarize(xs)
	med := format(sum.Median)
	lo, hi := format(sum.Min), format(sum.Max)
	if lo == hi {
		return med
	}
	return fmt.Sprintf("%s (%s–%s)", med, lo, hi)
}

// ratioCell shows the median ratio as "1.09×" with min–max beside it.
func ratioCell(xs []float64) string {
	c := cell(xs, func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) })
	if c == "–" {
		return c
	}
	if med, rng, ok := strings.Cut(c, " "); ok {
		return med + "× " + rng
	}
	return c + "×"
}

// Num renders v with three significant digits and thousands separators.
func Num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	a := math.Abs(v)
	var s string
	switch {
	case a == 0:
		return "0"
	case a >= 1000:
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
		return thousands(s)
	case a >= 100:
		s = strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		s = strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(v, 'g', 3, 64)
	}
	return s
}

// thousands puts commas in a run of digits with an optional sign.
func thousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// Int renders v as a whole number with thousands separators.
func Int(v float64) string { return thousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64)) }

// MiB renders a byte count in MiB with two decimals.
func MiB(v float64) string { return strconv.FormatFloat(v/(1<<20), 'f', 2, 64) }
