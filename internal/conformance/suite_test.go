package conformance_test

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"testing"

	"github.com/cdpkit/cdpkit/internal/conformance"
)

var update = flag.Bool("update", false, "rewrite CONFORMANCE.md from this run")

// apis are the APIs under test, one file each (userpilot_test.go, ...),
// registered from init functions.
var apis []func(t *testing.T) conformance.API

func register(api func(t *testing.T) conformance.API) { apis = append(apis, api) }

// TestConformance runs every API's cases and checks CONFORMANCE.md.
func TestConformance(t *testing.T) {
	var reports []conformance.Report
	for _, build := range apis {
		api := build(t)
		t.Run(api.Name, func(t *testing.T) {
			reports = append(reports, conformance.Check(t, api))
		})
	}
	path, err := conformance.RepoFile("CONFORMANCE.md")
	if err != nil {
		t.Fatal(err)
	}
	conformance.CheckTable(t, path, reports, *update)
}

// vendorFiles are the vendors' documents kept as test data, with the
// SHA-256 of the seed each was copied from: they must stay byte for byte
// what the vendor published. Each API's file adds its own.
var vendorFiles = map[string]string{}

func TestVendorDocumentsAreUnchanged(t *testing.T) {
	for path, want := range vendorFiles {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s has SHA-256 %s, want %s: vendor documents are kept unchanged; put repairs in the repairs file beside it", path, got, want)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
