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
// Values are JSON values. After a read, numbers are json.Number, so an
// integer of any size keeps every digit (a float64 would round those above
// 2^53) and is sent back unchanged; lists are []any and objects
// map[string]any; times are strings. The typed getters convert; the
// setters store what Userlot expects. A record read from Userlot can be
// sent back as it is, lists included.
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

// Int returns a numeric field that holds a whole number. A json.Number is
// read exactly, so an id above 2^53 comes back as it was stored; a value
// beyond int64 reports false (the digits stay in the map).
func (c CustomFields) Int(name string) (int64, bool) {
	switch v := c[name].(type) {
	case int:
		return int64(v), true
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, true
		}
		// "3.0" or "3e2" are whole numbers in another spelling; the float
		// path below reads them while they are exact.
	}
	f, ok := c.Float(name)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// Strings returns a list field whose items are all strings.
func (c CustomFields) Strings(name string) ([]string, bool) {
	switch v := c[name].(type) {
	case []string:
		return slices.Clone(v), true
	case []any:
		out := make([]string, len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return nil, false
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

// SetStrings stores a list field of strings (a multi-select, say).
func (c *CustomFields) SetStrings(name string, v []string) { c.set(name, slices.Clone(v)) }

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

// wire returns the custom fields as the body's extra keys, copied so that a
// caller's later edits cannot reach a request in flight.
func (c CustomFields) wire() map[string]any { return maps.Clone(c) }

// checkCustom validates custom fields before they are sent: names must be
// non-empty and must not be a fixed field of the record, and values must
// encode as JSON (scalars, lists and objects, as a read returns them).
// time.Time is refused so that a time is sent in the form Userlot reads.
func checkCustom(custom CustomFields, fixed map[string]bool, fixHint string) error {
	for _, name := range custom.Names() {
		field := fmt.Sprintf("Custom[%q]", name)
		switch {
		case strings.TrimSpace(name) == "":
			return &ValidationError{API: apiName, Field: field, Problem: "has an empty name", Fix: "use the attribute name the Custom Field screen shows, e.g. total_revenue"}
		case fixed[name]:
			return &ValidationError{API: apiName, Field: field, Problem: "collides with the fixed field " + name, Fix: fixHint}
		}
		if _, ok := custom[name].(time.Time); ok {
			return &ValidationError{API: apiName, Field: field, Problem: "is a time.Time", Fix: "store it with Custom.SetTime or Custom.SetDate so it is sent in the form Userlot reads"}
		}
		if _, err := json.Marshal(custom[name]); err != nil {
			return &ValidationError{API: apiName, Field: field, Problem: fmt.Sprintf("cannot be sent as JSON (a %T)", custom[name]), Fix: "use strings, numbers (finite), booleans, lists or maps of them"}
		}
	}
	return nil
}
