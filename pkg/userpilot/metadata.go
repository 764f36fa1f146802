package userpilot

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// primitiveFix is the advice every metadata rejection carries.
const primitiveFix = "Userpilot accepts strings, numbers, booleans, nil and time.Time; " +
	"join lists into a string or flatten nested values into separate keys"

// checkMetadata returns md ready to send: every value is checked to be a
// primitive, and time.Time values become RFC 3339 strings in UTC. md itself
// is not modified. path names the map in errors, e.g. "users[3].metadata".
func checkMetadata(path string, md Metadata) (Metadata, error) {
	var out Metadata // allocated only if a value needs converting
	for k, v := range md {
		field := fmt.Sprintf("%s[%q]", path, k)
		if k == "" {
			return nil, &ValidationError{API: apiName, Field: field, Problem: "is an empty property name", Fix: "name every property"}
		}
		if p := transport.CheckText(k); p != nil {
			return nil, inputError(field, p)
		}
		conv, err := primitive(field, v)
		if err != nil {
			return nil, err
		}
		if conv != nil {
			if out == nil {
				out = make(Metadata, len(md))
				for k2, v2 := range md {
					out[k2] = v2
				}
			}
			out[k] = *conv
		}
	}
	if out != nil {
		return out, nil
	}
	return md, nil
}

// primitive checks one value. It returns a replacement when the value must
// be converted before sending (time.Time, pointers), nil when it can be sent
// as is.
func primitive(field string, v any) (*any, error) {
	switch x := v.(type) {
	case string:
		return nil, checkText(field, x)
	case nil, bool, json.Number,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return nil, nil
	case float64:
		return nil, finite(field, x)
	case float32:
		return nil, finite(field, float64(x))
	case time.Time:
		var s any = x.UTC().Format(time.RFC3339Nano)
		return &s, nil
	case *time.Time:
		if x == nil {
			var null any
			return &null, nil
		}
		var s any = x.UTC().Format(time.RFC3339Nano)
		return &s, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return nil, checkText(field, rv.String())
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return nil, nil // named types such as `type Plan string`
	case reflect.Float32, reflect.Float64:
		return nil, finite(field, rv.Float())
	case reflect.Pointer:
		if rv.IsNil() {
			var null any
			return &null, nil
		}
		inner := rv.Elem().Interface()
		conv, err := primitive(field, inner)
		if err != nil || conv != nil {
			return conv, err
		}
		return &inner, nil
	}
	return nil, &ValidationError{API: apiName, Field: field, Problem: fmt.Sprintf("is a %T, not a primitive value", v), Fix: primitiveFix}
}

func finite(field string, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &ValidationError{API: apiName, Field: field, Problem: fmt.Sprintf("is %v, which JSON cannot carry", f), Fix: "send a finite number, or nil to remove the property"}
	}
	return nil
}
