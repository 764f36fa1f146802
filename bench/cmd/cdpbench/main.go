// Command cdpbench runs the benchmark suite and writes RESULTS.md, or with
// -profile writes CPU and allocation profiles of each side.
//
//	go run ./cmd/cdpbench                      # the full suite, RESULTS.md
//	go run ./cmd/cdpbench -smoke -out -        # one tiny run of everything, to stdout
//	go run ./cmd/cdpbench -profile profiles    # allocation profiles instead of figures
//	go run ./cmd/cdpbench -profile profiles -profile-kind cpu
//	go run ./cmd/cdpbench -only tracker,import # some scenarios
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"

	"github.com/cdpkit/cdpkit/bench"
)

func main() {
	smoke := flag.Bool("smoke", false, "one run of every scenario with tiny sizes")
	out := flag.String("out", "RESULTS.md", "where to write the results (- for stdout)")
	only := flag.String("only", "", "comma-separated scenarios to run: "+strings.Join(bench.ScenarioNames, ", "))
	runs := flag.Int("runs", 0, "interleaved runs per scenario (default: 5, or 1 with -smoke)")
	importMiB := flag.Int64("import-mib", 0, "size of the import stream in MiB (default: 1024, or 1 with -smoke)")
	profileDir := flag.String("profile", "", "write profiles of each side into this directory instead of measuring")
	profileKind := flag.String("profile-kind", bench.ProfileAllocs, "with -profile: "+bench.ProfileAllocs+" (every allocation recorded) or "+bench.ProfileCPU)
	flag.Parse()
	if *profileDir != "" && *profileKind == bench.ProfileAllocs {
		// Every allocation recorded, for exact counts; set before the
		// suite allocates anything that matters.
		runtime.MemProfileRate = 1
	}
	cfg := bench.FullConfig()
	if *smoke {
		cfg = bench.SmokeConfig()
	}
	if *runs > 0 {
		cfg.Runs = *runs
	}
	if *importMiB > 0 {
		cfg.ImportBytes = *importMiB << 20
	}
	if *only != "" {
		cfg.Only = strings.Split(*only, ",")
	}
	cfg.ProfileDir, cfg.ProfileKind = *profileDir, *profileKind
	cfg.Log = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report, err := bench.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *profileDir != "" {
		fmt.Fprintf(os.Stderr, "profiles in %s; per-op figures by function in its *.txt files\n", *profileDir)
		return
	}
	md := report.Markdown()
	if *out == "-" {
		fmt.Print(md)
		return
	}
	if err := os.WriteFile(*out, []byte(md), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", *out)
}
