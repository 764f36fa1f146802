package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestQuickstartRunsAgainstFakes(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), &out, noEnv); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"Usermost  [in-memory fake",
		"upsert user qs-ada",
		"60 accepted in 3 requests",
		`404 "invalid url: unknown license code", IsNotFound=true`,
		"2 profiles and 61 events",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if want := fmt.Sprintf("all %d API flows succeeded", len(flows)); !strings.Contains(out.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, out.String())
	}
	if strings.Contains(out.String(), "FAIL") {
		t.Errorf("report has a failure:\n%s", out.String())
	}
}
