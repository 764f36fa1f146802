package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cdpkit/cdpkit/internal/postman"
)

const convertUsage = `usage: specgen convert postman COLLECTION.json [-o DRAFT.yaml] [-env ENVIRONMENT.json]...

Converts a Postman collection (format v2.0/v2.1, or a documenter export) into
an OpenAPI 3.0.3 draft. Without -o the draft goes to stdout. Every construct
kept as an x-postman-* extension, and every guess, is reported on stderr as

  note: WHERE: MESSAGE

Exit status: 0 converted (notes or not), 1 the input could not be read or
converted, 2 usage error.
`

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// convertCommand implements `specgen convert postman FILE -o OUT`. Flags
// may come before or after the positional arguments.
func convertCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specgen convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, convertUsage) }
	out := fs.String("o", "", "write the draft to this file instead of stdout")
	var envs stringList
	fs.Var(&envs, "env", "a Postman environment export whose variables resolve the base URL (repeatable)")
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != 2 || positional[0] != "postman" {
		if len(positional) > 0 && positional[0] != "postman" {
			fmt.Fprintf(stderr, "specgen convert: unknown source format %q; only postman is supported\n", positional[0])
		} else {
			fmt.Fprintln(stderr, "specgen convert: want the format and one collection file")
		}
		fs.Usage()
		return exitUsage
	}
	file := positional[1]
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "specgen convert: "+format+"\n", a...)
		return exitFindings
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fail("%v", err)
	}
	src, err := postman.Parse(data)
	if err != nil {
		return fail("%s: %v", file, err)
	}
	var opts postman.Options
	for _, f := range envs {
		data, err := os.ReadFile(f)
		if err != nil {
			return fail("%v", err)
		}
		env, err := postman.ParseEnvironment(data)
		if err != nil {
			return fail("%s: %v", f, err)
		}
		opts.Environments = append(opts.Environments, env)
	}
	res, err := postman.Convert(src, opts)
	if err != nil {
		return fail("%s: %v", file, err)
	}
	dest := "stdout"
	if *out == "" || *out == "-" {
		if _, err := stdout.Write(res.YAML); err != nil {
			return fail("%v", err)
		}
	} else {
		if err := os.WriteFile(*out, res.YAML, 0o644); err != nil {
			return fail("%v", err)
		}
		dest = *out
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, "note:", oneLineText(n.String()))
	}
	fmt.Fprintf(stderr, "converted %s in %s to %s, %s\n",
		plural(res.Requests, "request"), plural(res.Folders, "folder"), dest, plural(len(res.Notes), "note"))
	return exitOK
}

// oneLineText keeps each note on its own line of stderr.
func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
