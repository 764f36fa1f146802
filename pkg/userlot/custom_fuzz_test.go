package userlot

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeCustomFields checks custom-field decoding on any record body:
// it never panics; no fixed field is taken for a custom one; every number
// keeps its exact digits (json.Number); the fields encode again and decode
// to the same values; and whatever was read can be sent back (checkCustom
// accepts it) unless the API used a blank name. The committed corpus
// (testdata/fuzz/FuzzDecodeCustomFields) holds the vendor's company example
// and the values that once broke: integers above 2^53, lists, objects.
func FuzzDecodeCustomFields(f *testing.F) {
	f.Add([]byte(`{"id":"f7d54b32-b421-48f2-abf2-baaedd257f30","name":"Demo","total_revenue":98000}`))
	f.Add([]byte(`{"account_number":9007199254740993,"tags":["a","b"]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		custom, err := decodeCustom(raw, companyFixed)
		if err != nil {
			return
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatalf("decodeCustom accepted %q, which is not a JSON object: %v", raw, err)
		}
		for name, v := range custom {
			if companyFixed[name] {
				t.Fatalf("fixed field %q decoded as a custom field", name)
			}
			if n, ok := v.(json.Number); ok {
				var lit bytes.Buffer
				if err := json.Compact(&lit, fields[name]); err != nil || lit.String() != n.String() {
					t.Fatalf("custom %q = %s, want the literal %s", name, n, fields[name])
				}
			}
		}
		again, err := json.Marshal(map[string]any(custom))
		if err != nil {
			t.Fatalf("decoded custom fields do not encode: %v", err)
		}
		back, err := decodeCustom(again, companyFixed)
		if err != nil || !reflect.DeepEqual(back, custom) {
			t.Fatalf("round trip changed the fields:\n got %#v\nwant %#v (%v)", back, custom, err)
		}
		if err := checkCustom(custom, companyFixed, ""); err != nil {
			var verr *ValidationError
			if !errors.As(err, &verr) || !strings.Contains(verr.Problem, "empty name") {
				t.Fatalf("fields read from the API cannot be sent back: %v", err)
			}
		}
	})
}
