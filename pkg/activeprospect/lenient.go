package activeprospect

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
)

// timeFields are the JSON names of every date-time field of the API's
// answers (cancelled_at, expires, ...), found by reflection so that a field
// added to the spec is covered too.
var timeFields = jsonTimeFields(gen.Account{}, gen.User{}, gen.Credential{}, gen.UserSettings{}, gen.SSOSyncResult{})

func jsonTimeFields(values ...any) map[string]bool {
	out := map[string]bool{}
	seen := map[reflect.Type]bool{}
	timeType := reflect.TypeOf(time.Time{})
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t == timeType || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft == timeType && name != "" && name != "-" {
				out[name] = true
				continue
			}
			walk(f.Type)
		}
	}
	for _, v := range values {
		walk(reflect.TypeOf(v))
	}
	return out
}

// relaxTimes returns body with every date-time field whose value is a
// string that is not an RFC 3339 time replaced by null, so it decodes as
// the zero time instead of failing the whole answer. The vendor's own
// examples put the word "string" into such fields (cancelled_at,
// started_at...), and one odd date should not cost the caller an account
// whose other fields are fine. A body that is not JSON is returned as it
// is, for the decoder to report.
func relaxTimes(body []byte) []byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers pass through with every digit
	if dec.Decode(&v) != nil || !relax(v) {
		return body
	}
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}

// relax nulls the unparseable times in v and reports whether it changed any.
func relax(v any) bool {
	changed := false
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if s, ok := val.(string); ok && timeFields[k] {
				if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
					t[k] = nil
					changed = true
				}
				continue
			}
			changed = relax(val) || changed
		}
	case []any:
		for _, val := range t {
			changed = relax(val) || changed
		}
	}
	return changed
}
