package activeprospect

import (
	"strings"
	"testing"
)

// TestRedactStringHidesRawAndEscapedForms: an echoed request body carries a
// secret JSON-escaped (a quote becomes \"), an error message raw; both go.
func TestRedactStringHidesRawAndEscapedForms(t *testing.T) {
	const secret = `pw"with\quotes`
	in := `raw ` + secret + ` and in JSON {"password":"pw\"with\\quotes"}`
	got := redactString(in, []string{"", secret})
	if strings.Contains(got, "with") || strings.Count(got, redactedText) != 2 {
		t.Errorf("redactString = %q, want both forms replaced", got)
	}
	if got := redactString("nothing to hide", []string{secret}); got != "nothing to hide" {
		t.Errorf("redactString changed a clean string: %q", got)
	}
}

func TestValidateIDShowsShortIDsWhole(t *testing.T) {
	forty := strings.Repeat("z", 40)
	if err := validateID("id", "credential", forty); !strings.Contains(err.Error(), `"`+forty+`"`) {
		t.Errorf("a 40-character id should be quoted whole: %v", err)
	}
	if err := validateID("id", "credential", forty+"z"); !strings.Contains(err.Error(), `"`+forty+`..."`) {
		t.Errorf("a 41-character id should be cut at 40: %v", err)
	}
}
