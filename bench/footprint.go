package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cdpkit/cdpkit/bench/internal/harness"
)

// A footprint program sends one event; see package footprint.
type program struct{ name, dir string }

const (
	progNetHTTP = "net/http only"
	progUM      = "usermost"
	progUMTrack = "usermost + track"
	progPosthog = "posthog-go"
)

var programs = []program{
	{progNetHTTP, "./footprint/nethttp"},
	{progUM, "./footprint/usermost"},
	{progUMTrack, "./footprint/usermosttrack"},
	{progPosthog, "./footprint/posthog"},
}

const sdkModule = "github.com/cdpkit/cdpkit"

// otherAPIs are the packages a Usermost-only program should not link.
var otherAPIs = []string{"userpilot", "userlot", "activeprospect"}

func runFootprint(ctx context.Context, e *env) (Section, error) {
	s := harness.Samples{}
	sizes := map[string][2]int64{}
	linked := map[string][]string{}
	for _, p := range programs {
		plain, err := e.buildSize(ctx, p, nil)
		if err != nil {
			return Section{}, err
		}
		stripped, err := e.buildSize(ctx, p, []string{"-ldflags=-s -w"})
		if err != nil {
			return Section{}, err
		}
		sizes[p.name] = [2]int64{plain, stripped}
		lines, pkgs, err := e.linesLinked(ctx, p)
		if err != nil {
			return Section{}, err
		}
		linked[p.name] = pkgs
		s.Add(p.name, "gen_lines", float64(lines.generated))
		s.Add(p.name, "hand_lines", float64(lines.handWritten))
		s.Add(p.name, "other_lines", float64(lines.otherModules))
	}
	base := sizes[progNetHTTP]
	for _, p := range programs[1:] {
		s.Add(p.name, "size_added", float64(sizes[p.name][0]-base[0]))
		s.Add(p.name, "stripped_added", float64(sizes[p.name][1]-base[1]))
	}
	compileNote := "Compile times were not measured in this pass (smoke run)."
	if e.cfg.CompileRuns > 0 {
		if err := e.compileTimes(ctx, s); err != nil {
			return Section{}, err
		}
		compileNote = fmt.Sprintf("Compile time: `go build` of each program from a fresh build cache that holds only the standard library "+
			"(the packages the four programs need, compiled beforehand), %d interleaved runs; added = the program's time minus the net/http program's in the same run.", e.cfg.CompileRuns)
	}
	mb := func(v float64) string { return strconv.FormatFloat(v/1e6, 'f', 2, 64) }
	table := harness.Table{
		Subjects: []string{progUM, progUMTrack},
		Peers:    []string{progPosthog},
		Metrics: []harness.Metric{
			{Key: "size_added", Label: "binary size added over net/http only (MB)", Format: mb},
			{Key: "stripped_added", Label: "the same, stripped (-s -w) (MB)", Format: mb},
			{Key: "compile_added", Label: "compile time added (s)"},
			{Key: "gen_lines", Label: "lines compiled: cdpkit, generated", Format: harness.Int, NoRatio: true},
			{Key: "hand_lines", Label: "lines compiled: cdpkit, hand-written", Format: harness.Int, NoRatio: true},
			{Key: "other_lines", Label: "lines compiled: other modules", Format: harness.Int, NoRatio: true},
		},
	}
	var notes []string
	notes = append(notes, fmt.Sprintf("The net/http-only program is %s MB (%s MB stripped).", mb(float64(base[0])), mb(float64(base[1]))), compileNote,
		"Lines are every line of the non-test Go files of each linked package outside the standard library; a file is generated when it carries Go's `Code generated … DO NOT EDIT.` header.")
	for _, p := range programs[1:3] {
		var others []string
		for _, pkg := range linked[p.name] {
			for _, api := range otherAPIs {
				if strings.HasSuffix(pkg, "/"+api) {
					others = append(others, "`"+strings.TrimPrefix(pkg, sdkModule+"/")+"`")
				}
			}
		}
		if len(others) == 0 {
			notes = append(notes, fmt.Sprintf("%s links no other API's package.", p.name))
		} else {
			notes = append(notes, fmt.Sprintf("%s also links %s.", p.name, strings.Join(others, ", ")))
		}
	}
	return Section{
		Title: "Footprint: what a program pays to link the SDK",
		Intro: "The smallest program that sends one event each way (`bench/footprint`): net/http alone, `pkg/usermost`, `pkg/usermost` with `pkg/track`, " +
			"and posthog-go. Built with the default flags. Ratio = cdpkit ÷ posthog-go: below 1 is better.",
		Table: table.Markdown(s),
		Notes: notes,
	}, nil
}

// buildSize builds p and returns the binary's size in bytes.
func (e *env) buildSize(ctx context.Context, p program, flags []string) (int64, error) {
	out := filepath.Join(e.workDir, "footprint-"+filepath.Base(p.dir))
	args := append([]string{"build", "-o", out}, flags...)
	if err := e.goCmd(ctx, nil, append(args, p.dir)...); err != nil {
		return 0, err
	}
	fi, err := os.Stat(out)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func (e *env) goCmd(ctx context.Context, env []string, args ...string) error {
	_, err := e.goOutput(ctx, env, args...)
	return err
}

func (e *env) goOutput(ctx context.Context, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = e.cfg.ModuleDir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

type lineCounts struct{ generated, handWritten, otherModules int }

// generatedHeader is Go's convention for machine-written files.
var generatedHeader = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// linesLinked counts the lines of every non-standard package p links and
// lists the SDK's packages among them.
func (e *env) linesLinked(ctx context.Context, p program) (lineCounts, []string, error) {
	var lc lineCounts
	out, err := e.goOutput(ctx, nil, "list", "-deps", "-f",
		`{{if not .Standard}}{{.ImportPath}}	{{with .Module}}{{.Path}}{{end}}	{{.Dir}}	{{join .GoFiles " "}} {{join .CgoFiles " "}}{{end}}`, p.dir)
	if err != nil {
		return lc, nil, err
	}
	var sdkPkgs []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			continue
		}
		path, module, dir, files := f[0], f[1], f[2], strings.Fields(f[3])
		if module == sdkModule+"/bench" {
			continue // the footprint program itself
		}
		sdk := module == sdkModule
		if sdk {
			sdkPkgs = append(sdkPkgs, path)
		}
		for _, name := range files {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				return lc, nil, err
			}
			n := bytes.Count(b, []byte("\n"))
			switch {
			case !sdk:
				lc.otherModules += n
			case generatedHeader.Match(b[:min(len(b), 4096)]):
				lc.generated += n
			default:
				lc.handWritten += n
			}
		}
	}
	slices.Sort(sdkPkgs)
	return lc, sdkPkgs, nil
}

// compileTimes builds every program from a copy of a build cache that
// holds only the standard library, runs interleaved.
func (e *env) compileTimes(ctx context.Context, s harness.Samples) error {
	template := filepath.Join(e.workDir, "gocache-std")
	dirs := make([]string, len(programs))
	for i, p := range programs {
		dirs[i] = p.dir
	}
	out, err := e.goOutput(ctx, nil, append([]string{"list", "-deps", "-f", `{{if .Standard}}{{.ImportPath}}{{end}}`}, dirs...)...)
	if err != nil {
		return err
	}
	std := strings.Fields(string(out))
	e.logf("   compiling %d standard packages into a fresh cache", len(std))
	if err := e.goCmd(ctx, []string{"GOCACHE=" + template}, append([]string{"build"}, std...)...); err != nil {
		return err
	}
	cache := filepath.Join(e.workDir, "gocache-run")
	for run := range e.cfg.CompileRuns {
		times := make([]float64, len(programs))
		for _, i := range harness.Order(len(programs), run) {
			if err := os.RemoveAll(cache); err != nil {
				return err
			}
			if err := os.CopyFS(cache, os.DirFS(template)); err != nil {
				return err
			}
			// go build skips the link when the output is already this
			// program's binary: start without one.
			out := filepath.Join(e.workDir, "compiled")
			if err := os.Remove(out); err != nil && !os.IsNotExist(err) {
				return err
			}
			start := time.Now()
			if err := e.goCmd(ctx, []string{"GOCACHE=" + cache}, "build", "-o", out, programs[i].dir); err != nil {
				return err
			}
			times[i] = time.Since(start).Seconds()
		}
		for i, p := range programs[1:] {
			s.Add(p.name, "compile_added", times[i+1]-times[0])
		}
		e.logf("   compile run %d/%d: %v s", run+1, e.cfg.CompileRuns, times)
	}
	return os.RemoveAll(cache)
}
