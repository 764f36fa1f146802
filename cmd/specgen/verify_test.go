package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	harSession = filepath.Join("testdata", "har", "session.har")
	harSpecs   = []string{filepath.Join("..", "..", "specs", "usermost.yaml"), filepath.Join("..", "..", "specs", "userpilot.yaml")}
)

// The recording (testdata/har/session.har, a browser-style export with
// credentials in headers, cookies, a body and a query) has four seeded
// problems; verify reports each, what was exercised, and no secret.
func TestVerifyHARReportsSeededDriftsAndNoSecret(t *testing.T) {
	res := runSpecgen(append([]string{"verify", "--har", harSession}, harSpecs...)...)
	if res.code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s%s", res.code, exitFindings, res.stdout, res.stderr)
	}
	for _, want := range []string{
		"6 entries, 5 matched an operation, 1 matched none",
		"usermost: 2 of 3 operations",
		"upsertUser                   POST    /v1/accounts/{licenseCode}/users: 2 exchanges, 2 drifting",
		"trackEvent                   POST    /v1/accounts/{licenseCode}/events: 2 exchanges, 1 drifting",
		"not exercised: trackEvents",
		"identifyUser                 POST    /v1/identify: 1 exchange, 0 drifting",
		"entry 4: usermost upsertUser request body /email: wrong_type:",
		"entry 3: usermost trackEvent response status 202: undeclared_status:",
		"usermost upsertUser request body /api_key (1 time) in an x-unverified part",
		"usermost upsertUser response body /response/traceId (1 time) in an x-unverified part",
		"GET https://api.usermost.com/static/sdk.js?…",
		"4 drifts (unknown_field 2, missing_field 0, wrong_type 1, undeclared_status 1,",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// x-unverified drifts come first.
	if i, j := strings.Index(res.stdout, "entry 4:"), strings.Index(res.stdout, "entry 3:"); i < 0 || j < 0 || i > j {
		t.Errorf("the x-unverified drift (entry 4) is not listed before entry 3")
	}
	har, err := os.ReadFile(harSession)
	if err != nil {
		t.Fatal(err)
	}
	secrets := readSecrets(t)
	for _, s := range secrets {
		if !strings.Contains(string(har), s) {
			t.Fatalf("the recording no longer carries %q, so the test proves nothing", s)
		}
		if strings.Contains(res.stdout+res.stderr, s) {
			t.Errorf("secret %q printed", s)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", res.stdout)
	}
}

func readSecrets(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "har", "SECRETS.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

// The masking is a second line of defence: a report line that quoted a
// secret (a reason, a path) is written masked.
func TestVerifyMasksSecretsThatReachTheOutput(t *testing.T) {
	har, err := readHAR(harSession)
	if err != nil {
		t.Fatal(err)
	}
	collected := harSecrets(har)
	var b strings.Builder
	m := newMasker(&b, collected)
	for _, s := range readSecrets(t) {
		if _, err := m.Write([]byte("reason quoting " + s + "\n")); err != nil {
			t.Fatal(err)
		}
	}
	if got := b.String(); strings.Count(got, redacted) != len(readSecrets(t)) {
		t.Errorf("masker let a secret through:\n%s", got)
	}
	for _, c := range collected {
		if c == "api.usermost.com" || c == "application/json" || c == "2020-09-22" {
			t.Errorf("%q collected as a secret: it would mask harmless output", c)
		}
	}
}

func TestVerifyUsageAndBadInput(t *testing.T) {
	if res := runSpecgen("verify", harSpecs[0]); res.code != exitUsage {
		t.Errorf("no --har: exit %d", res.code)
	}
	if res := runSpecgen("verify", "--har", harSession); res.code != exitUsage {
		t.Errorf("no spec: exit %d", res.code)
	}
	bad := filepath.Join(t.TempDir(), "bad.har")
	if err := os.WriteFile(bad, []byte(`{"log":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runSpecgen("verify", "--har", bad, harSpecs[0])
	if res.code != exitFindings || !strings.Contains(res.stderr, "log.entries") {
		t.Errorf("HAR without entries: exit %d, stderr %q", res.code, res.stderr)
	}
}
