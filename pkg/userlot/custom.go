package userlot

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
)

// CustomFields holds a record's custom fields by their API attribute name,
// the underscored name the Custom Field screen shows (total_revenue).
// Userlot sends and returns them as top-level keys next to the fixed
// fields; the client moves them in and out of this map, so what you set
// comes back here after a round trip.
//
// Values are JSON values: after a read, numbers are float64 and times are
// strings. The typed getters convert; the setters store what Userlot
// expects.
type CustomFields map[string]any

// String returns a text field.
func (c CustomFields) String(name string) (string, bool) {
	s, ok := c[name].(string)
	return s, ok
}

// Float returns a numeric field (a number, or a string holding one).
func (c CustomFields) Float(name string) (float64, bool) {
	switch v := c[name].(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		var f float64
		_, err := fmt.Sscan(v, &f)
		return f, err == nil
	}
	return 0, false
}

// Int returns a numeric field that holds a whole number.
func (c CustomFields) Int(name string) (int64, bool) {
	switch v := c[name].(type) {
	case int:
		return int64(v), true
	case int64:
		return v, true
	case json.Number:
		i, err := v.Int64()
		return i, err == nil
	}
	f, ok := c.Float(name)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// Bool returns a boolean field.
func (c CustomFields) Bool(name string) (bool, bool) {
	b, ok := c[name].(bool)
	return b, ok
}

// Time returns a date or time field: RFC 3339, or a plain YYYY-MM-DD date
// (midnight UTC).
func (c CustomFields) Time(name string) (time.Time, bool) {
	switch v := c[name].(type) {
	case time.Time:
		return v, true
	case string:
		for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
			if t, err := time.Parse(layout, v); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// set stores a value, making the map first if needed.
func (c *CustomFields) set(name string, v any) {
	if *c == nil {
		*c = CustomFields{}
	}
	(*c)[name] = v
}

// SetString stores a text field.
func (c *CustomFields) SetString(name, v string) { c.set(name, v) }

// SetFloat stores a numeric field.
func (c *CustomFields) SetFloat(name string, v float64) { c.set(name, v) }

// SetInt stores a whole-number field.
func (c *CustomFields) SetInt(name string, v int64) { c.set(name, v) }

// SetBool stores a boolean field.
func (c *CustomFields) SetBool(name string, v bool) { c.set(name, v) }

// SetTime stores a time field as RFC 3339 in UTC.
func (c *CustomFields) SetTime(name string, t time.Time) { c.set(name, t.UTC().Format(time.RFC3339)) }

// SetDate stores a date field as YYYY-MM-DD.
func (c *CustomFields) SetDate(name string, t time.Time) { c.set(name, t.Format(time.DateOnly)) }

// Names returns the field names, sorted.
func (c CustomFields) Names() []string { return slices.Sorted(maps.Keys(c)) }

// fixedFields returns the JSON names of the fields the given generated
// types declare. A custom field may not reuse one: the body would carry
// the key twice and one value would silently win.
func fixedFields(types ...any) map[string]bool {
	out := map[string]bool{}
	for _, v := range types {
		t := reflect.TypeOf(v)
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				out[name] = true
			}
		}
	}
	return out
}

// checkCustom validates custom fields before they are sent: names must be
// non-empty, must not be a fixed field of the record, and values must be
// JSON scalars.
func checkCustom(custom CustomFields, fixed map[string]bool, fixHint string) error {
	for _, name := range custom.Names() {
		field := fmt.Sprintf("Custom[%q]", name)
		switch {
		case strings.TrimSpace(name) == "":
			return &ValidationError{Field: field, Problem: "has an empty name", Fix: "use the attribute name the Custom Field screen shows, e.g. total_revenue"}
		case fixed[name]:
			return &ValidationError{Field: field, Problem: "collides with the fixed field " + name, Fix: fixHint}
		}
		switch custom[name].(type) {
		case nil, string, bool, float64, float32, int, int64, int32, json.Number:
		case time.Time:
			return &ValidationError{Field: field, Problem: "is a time.Time", Fix: "store it with Custom.SetTime or Custom.SetDate so it is sent in the form Userlot reads"}
		default:
			return &ValidationError{Field: field, Problem: fmt.Sprintf("is a %T, not a string, number or boolean", custom[name]), Fix: "custom fields hold single values; convert it first"}
		}
	}
	return nil
}
