package specs_test

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/specs"
)

func TestEveryDocumentIsOpenAPI303(t *testing.T) {
	t.Parallel()
	names := specs.Names()
	for _, want := range []string{"activeprospect", "userlot", "usermost", "userpilot"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v, want it to include %s", names, want)
		}
	}
	for _, name := range names {
		data, err := specs.Bytes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("openapi: 3.0.3\n")) {
			t.Errorf("%s.yaml does not start with openapi: 3.0.3", name)
		}
		fromFS, err := fs.ReadFile(specs.FS(), name+".yaml")
		if err != nil {
			t.Fatalf("FS has no %s.yaml: %v", name, err)
		}
		if !bytes.Equal(fromFS, data) {
			t.Errorf("FS and Bytes disagree on %s.yaml", name)
		}
	}
}

// A caller that changes the bytes it got must not change what the next
// caller reads.
func TestBytesIsACopy(t *testing.T) {
	t.Parallel()
	a, err := specs.Bytes("usermost")
	if err != nil {
		t.Fatal(err)
	}
	a[0] = 'X'
	b, err := specs.Bytes("usermost")
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != 'o' {
		t.Errorf("a change to one Bytes result reached the next one: %q", b[:8])
	}
}

func TestUnknownNameNamesTheChoices(t *testing.T) {
	t.Parallel()
	_, err := specs.Bytes("nosuchapi")
	if err == nil {
		t.Fatal("Bytes(nosuchapi) succeeded, want an error")
	}
	if got := err.Error(); !strings.Contains(got, "nosuchapi") || !strings.Contains(got, "usermost") {
		t.Errorf("error %q should name the bad name and the available ones", got)
	}
}
