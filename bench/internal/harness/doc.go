// Package harness holds what every benchmark scenario shares: the counting
// server in its child process, interleaved runs, summaries (median, min,
// max), allocation and heap measurement, the machine description and the
// Markdown tables of RESULTS.md.
package harness
