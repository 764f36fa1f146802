package transport

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// readBounded reads r to the end in at most 64 calls, so that a mutant
// that makes Read return (0, nil) forever fails fast instead of hanging.
func readBounded(t *testing.T, r io.Reader) ([]byte, error) {
	t.Helper()
	var out []byte
	buf := make([]byte, 7) // small, so the cap is crossed mid-buffer
	for range 64 {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
	}
	t.Fatalf("Read went on without data or an end after %d bytes", len(out))
	return nil, nil
}

// TestCapExactLimitReachesTheProbe: a body of exactly the cap is read in
// full and ends cleanly; the end is only known after the one-byte probe
// past the cap, which this test reaches (the underlying reader reports EOF
// on a read of its own, as network bodies do).
func TestCapExactLimitReachesTheProbe(t *testing.T) {
	t.Parallel()
	const limit = 20
	for _, tt := range []struct {
		size    int
		wantErr bool
	}{
		{limit - 1, false},
		{limit, false},
		{limit + 1, true},
		{limit * 3, true},
	} {
		src := &countingReader{r: bytes.NewReader(bytes.Repeat([]byte("x"), tt.size))}
		b := &cappedBody{rc: io.NopCloser(src), left: limit, limit: limit, api: "t"}
		got, err := readBounded(t, b)
		if (err != nil) != tt.wantErr {
			t.Errorf("size %d: err = %v, want error %t", tt.size, err, tt.wantErr)
		}
		want := min(tt.size, limit)
		if len(got) != want {
			t.Errorf("size %d: read %d bytes, want %d", tt.size, len(got), want)
		}
		if tt.size == limit && src.probes == 0 {
			t.Errorf("the exact-limit body never reached the probe past the cap")
		}
		if tt.wantErr {
			if !strings.Contains(err.Error(), "exceeds 20 bytes") {
				t.Errorf("size %d: err = %v, want the cap named", tt.size, err)
			}
			if _, again := b.Read(make([]byte, 4)); !errors.Is(again, err) {
				t.Errorf("the cap error is not sticky: %v", again)
			}
		}
	}
}

// countingReader counts reads made after its data ran out.
type countingReader struct {
	r      *bytes.Reader
	probes int
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.r.Len() == 0 {
		c.probes++
	}
	return c.r.Read(p)
}

// TestNestedMessageAfterACode: a code at the top does not stop the search
// for a message nested below it (and the reverse).
func TestNestedMessageAfterACode(t *testing.T) {
	t.Parallel()
	for body, want := range map[string][2]string{
		`{"code":"E1","error":{"message":"nested message"}}`:                {"E1", "nested message"},
		`{"message":"top","error":{"code":"E2"}}`:                           {"E2", "top"},
		`{"code":"E3","errors":[{"message":"in a list"}]}`:                  {"E3", "in a list"},
		`{"code":"E4","response":{"message":"in response"}}`:                {"E4", "in response"},
		`{"code":"E5","message":"both","error":{"code":"X","message":"Y"}}`: {"E5", "both"},
	} {
		code, msg := decodeCommonError(400, []byte(body))
		if code != want[0] || msg != want[1] {
			t.Errorf("decode(%s) = (%q, %q), want (%q, %q)", body, code, msg, want[0], want[1])
		}
	}
}
