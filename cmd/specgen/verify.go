package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/cdpkit/cdpkit/pkg/speccheck"
)

const verifyUsage = `usage: specgen verify --har FILE.har SPEC.yaml...

Checks recorded traffic (HAR 1.2, as a browser's developer tools or a proxy
export it) against the specs with pkg/speccheck: which operations were
exercised, which requests and responses break the spec, which fields appear
that the spec lacks (x-unverified parts first). Values are never printed:
only operations, JSON pointers and reasons, and anything in the recording
that looks like a credential is masked besides. Exit status 1 when any
exchange drifts from its spec.
`

// verifyCommand is `specgen verify --har FILE SPEC...`.
func verifyCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("specgen verify", verifyUsage, stderr)
	harPath := fs.String("har", "", "the HAR file to check")
	files, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if *harPath == "" || len(files) == 0 {
		fmt.Fprintln(stderr, "specgen verify: need --har FILE and at least one SPEC")
		fs.Usage()
		return exitUsage
	}
	checkers, err := loadCheckers(files)
	if err != nil {
		fmt.Fprintln(stderr, "specgen verify:", err)
		return exitFindings
	}
	har, err := readHAR(*harPath)
	if err != nil {
		fmt.Fprintln(stderr, "specgen verify:", err)
		return exitFindings
	}
	out := newMasker(stdout, harSecrets(har))
	v := verifyHAR(checkers, har)
	v.write(out, *harPath)
	if err := out.err; err != nil {
		fmt.Fprintln(stderr, "specgen verify:", err)
		return exitFindings
	}
	if v.drifts > 0 {
		return exitFindings
	}
	return exitOK
}

func loadCheckers(files []string) ([]*speccheck.Checker, error) {
	var out []*speccheck.Checker
	for _, f := range files {
		loader := openapi3.NewLoader()
		loader.IsExternalRefsAllowed = true
		doc, err := loader.LoadFromFile(f)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", f, err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			return nil, fmt.Errorf("%s is not a valid OpenAPI document (run specgen validate): %w", f, err)
		}
		c, err := speccheck.FromDocument(strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)), doc)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// verification is what verify found in one recording.
type verification struct {
	entries   int
	exercised map[*speccheck.Checker]map[string]*opUse // operationId → use
	findings  []entryDrift
	unknown   map[string]*fieldUse // unknown fields, by API, operation, part and pointer
	unmatched []string             // "METHOD scheme://host/path", masked, de-duplicated
	broken    []string             // entries that could not be rebuilt
	drifts    int
}

type opUse struct {
	exchanges, drifting int
}

type entryDrift struct {
	entry int
	drift speccheck.Drift
}

type fieldUse struct {
	drift speccheck.Drift
	times int
}

func verifyHAR(checkers []*speccheck.Checker, har *harFile) *verification {
	v := &verification{entries: len(har.Log.Entries), exercised: map[*speccheck.Checker]map[string]*opUse{}, unknown: map[string]*fieldUse{}}
	seenUnmatched := map[string]bool{}
	for i := range har.Log.Entries {
		e := &har.Log.Entries[i]
		req, reqBody, resp, respBody, err := e.exchange()
		if err != nil {
			v.broken = append(v.broken, fmt.Sprintf("entry %d: %v", i+1, err))
			continue
		}
		var checker *speccheck.Checker
		var op speccheck.Operation
		for _, c := range checkers {
			if o, ok := c.Operation(req); ok {
				checker, op = c, o
				break
			}
		}
		if checker == nil {
			line := req.Method + " " + maskedURL(req.URL)
			if !seenUnmatched[line] {
				seenUnmatched[line] = true
				v.unmatched = append(v.unmatched, line)
			}
			continue
		}
		if v.exercised[checker] == nil {
			v.exercised[checker] = map[string]*opUse{}
		}
		use := v.exercised[checker][op.ID]
		if use == nil {
			use = &opUse{}
			v.exercised[checker][op.ID] = use
		}
		use.exchanges++
		ds := checker.CheckExchange(req, reqBody, resp, respBody)
		if len(ds) > 0 {
			use.drifting++
		}
		v.drifts += len(ds)
		for _, d := range ds {
			if d.Kind == speccheck.UnknownField {
				key := d.API + "\x00" + d.OperationID + "\x00" + string(d.Part) + "\x00" + d.Pointer
				if f := v.unknown[key]; f != nil {
					f.times++
				} else {
					v.unknown[key] = &fieldUse{drift: d, times: 1}
				}
				continue
			}
			v.findings = append(v.findings, entryDrift{entry: i + 1, drift: d})
		}
	}
	sort.SliceStable(v.findings, func(i, j int) bool {
		a, b := v.findings[i].drift, v.findings[j].drift
		if a.Unverified != b.Unverified {
			return a.Unverified
		}
		return v.findings[i].entry < v.findings[j].entry
	})
	return v
}

// maskedURL drops the query (where keys travel) and masks a path segment
// that follows one named like a secret (/api_key/VALUE).
func maskedURL(u *url.URL) string {
	segs := strings.Split(u.EscapedPath(), "/")
	for i := 1; i < len(segs); i++ {
		if isSecretName(segs[i-1]) {
			segs[i] = redacted
		}
	}
	s := u.Scheme + "://" + u.Host + strings.Join(segs, "/")
	if u.RawQuery != "" {
		s += "?…"
	}
	return s
}

func (v *verification) write(w io.Writer, harPath string) {
	matched := 0
	for _, ops := range v.exercised {
		for _, u := range ops {
			matched += u.exchanges
		}
	}
	fmt.Fprintf(w, "%s: %d entries, %d matched an operation, %d matched none\n", harPath, v.entries, matched, v.entries-matched-len(v.broken))

	fmt.Fprintf(w, "\nOperations exercised\n")
	checkers := make([]*speccheck.Checker, 0, len(v.exercised))
	for c := range v.exercised {
		checkers = append(checkers, c)
	}
	sort.Slice(checkers, func(i, j int) bool { return checkers[i].API() < checkers[j].API() })
	if len(checkers) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, c := range checkers {
		ops := c.Operations()
		used := v.exercised[c]
		fmt.Fprintf(w, "  %s: %d of %d operations\n", c.API(), len(used), len(ops))
		var missing []string
		for _, op := range ops {
			u := used[op.ID]
			if u == nil {
				missing = append(missing, op.ID)
				continue
			}
			fmt.Fprintf(w, "    %-28s %-7s %s: %s, %d drifting\n", op.ID, op.Method, op.Path, plural(u.exchanges, "exchange"), u.drifting)
		}
		if len(missing) > 0 {
			fmt.Fprintf(w, "    not exercised: %s\n", strings.Join(missing, ", "))
		}
	}

	fmt.Fprintf(w, "\nRequests and responses that break the spec\n")
	if len(v.findings) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, f := range v.findings {
		fmt.Fprintf(w, "  entry %d: %s\n", f.entry, f.drift)
	}

	fmt.Fprintf(w, "\nFields the spec lacks\n")
	keys := make([]string, 0, len(v.unknown))
	for k := range v.unknown {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := v.unknown[keys[i]].drift, v.unknown[keys[j]].drift
		if a.Unverified != b.Unverified {
			return a.Unverified
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, k := range keys {
		f := v.unknown[k]
		d := f.drift
		fmt.Fprintf(w, "  %s %s %s %s (%s)", d.API, d.OperationID, d.Part, d.Pointer, plural(f.times, "time"))
		if d.Unverified {
			fmt.Fprintf(w, " in an x-unverified part")
		}
		fmt.Fprintln(w)
	}

	if len(v.unmatched) > 0 {
		fmt.Fprintf(w, "\nRequests no spec describes\n")
		for _, u := range v.unmatched {
			fmt.Fprintf(w, "  %s\n", u)
		}
	}
	for _, b := range v.broken {
		fmt.Fprintf(w, "\nskipped %s\n", b)
	}
	fmt.Fprintf(w, "\n%s (%s)\n", plural(v.drifts, "drift"), countsLine(checkers))
}

func countsLine(checkers []*speccheck.Checker) string {
	total := map[speccheck.Kind]int64{}
	for _, c := range checkers {
		for k, n := range c.Counts() {
			total[k] += n
		}
	}
	var parts []string
	for _, k := range speccheck.Kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, total[k]))
	}
	return strings.Join(parts, ", ")
}
