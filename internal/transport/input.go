package transport

import (
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// InputProblem says why a value a caller passed cannot be sent. The API
// packages turn it into their ValidationError, prefixing Path with the name
// of the field that held the value.
type InputProblem struct {
	// Path locates the problem inside the value: empty for the value
	// itself, ".plan" or "[2]" for a part of it.
	Path string
	// Problem says what is wrong, Fix what to do.
	Problem, Fix string
}

func (p *InputProblem) Error() string {
	return strings.TrimPrefix(p.Path+": ", ": ") + p.Problem + ": " + p.Fix
}

// DefaultMaxIDLength bounds an id when the API documents no limit: longer
// strings are mistakes (a whole record pasted in), not ids.
const DefaultMaxIDLength = 1024

// CheckID reports an id that no API could mean: empty or only whitespace,
// with control characters (a line break could forge a header or a log line)
// or invalid UTF-8, or longer than maxLen characters (0 means
// DefaultMaxIDLength).
func CheckID(id string, maxLen int) *InputProblem {
	if maxLen <= 0 {
		maxLen = DefaultMaxIDLength
	}
	switch {
	case id == "":
		return &InputProblem{Problem: "is empty", Fix: "pass the id of the record"}
	case strings.TrimSpace(id) == "":
		return &InputProblem{Problem: "holds only whitespace", Fix: "pass the id of the record"}
	case !utf8.ValidString(id):
		return &InputProblem{Problem: "is not valid UTF-8", Fix: "pass the id as text"}
	case strings.ContainsFunc(id, unicode.IsControl):
		return &InputProblem{Problem: "contains a control character (a line break, NUL…)", Fix: "pass the id without it"}
	}
	if n := utf8.RuneCountInString(id); n > maxLen {
		return &InputProblem{Problem: fmt.Sprintf("is %d characters long", n), Fix: fmt.Sprintf("pass an id of at most %d characters", maxLen)}
	}
	return nil
}

// CheckText reports free text that would not arrive as written: invalid
// UTF-8 (JSON encoding silently replaces it) or control characters other
// than tab, carriage return and line feed (NUL truncates text in many
// stores). Empty text is fine.
func CheckText(s string) *InputProblem {
	if !utf8.ValidString(s) {
		return &InputProblem{Problem: "is not valid UTF-8", Fix: "convert the text to UTF-8 before sending it"}
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }) {
		return &InputProblem{Problem: "contains a control character such as NUL", Fix: "remove it"}
	}
	return nil
}

// CheckReader reports a nil stream, including a typed nil such as
// (*os.File)(nil), which passes a plain nil check and panics on first read.
func CheckReader(r io.Reader) *InputProblem {
	if r == nil {
		return &InputProblem{Problem: "is nil", Fix: "pass a reader of the data"}
	}
	v := reflect.ValueOf(r)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		if v.IsNil() {
			return &InputProblem{Problem: fmt.Sprintf("is a nil %T", r), Fix: "pass a reader of the data"}
		}
	}
	return nil
}

// maxJSONDepth bounds CheckJSON's walk; deeper values are almost certainly
// cycles.
const maxJSONDepth = 64

var (
	timeType          = reflect.TypeFor[time.Time]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// CheckJSON reports a part of a free-form value (metadata, attributes,
// custom fields) that JSON cannot carry as the caller meant: NaN or ±Inf,
// channels, functions and complex numbers, maps with keys that are not
// strings, text that CheckText refuses, or nesting deeper than 64 levels (a
// cycle). The Path of the problem names the part, e.g. ".plan.price".
func CheckJSON(v any) *InputProblem {
	return checkJSON(reflect.ValueOf(v), "", 0)
}

func checkJSON(v reflect.Value, path string, depth int) *InputProblem {
	if depth > maxJSONDepth {
		return &InputProblem{Path: path, Problem: fmt.Sprintf("is nested more than %d levels deep (or contains itself)", maxJSONDepth), Fix: "flatten the value"}
	}
	if !v.IsValid() {
		return nil
	}
	t := v.Type()
	if t == timeType || (t.Implements(jsonMarshalerType) && t.Kind() != reflect.Interface) || (t.Implements(textMarshalerType) && t.Kind() != reflect.Interface) {
		return nil // the type decides its own encoding
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return nil
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return &InputProblem{Path: path, Problem: fmt.Sprintf("is %v, which JSON cannot carry", f), Fix: "send a finite number, or leave the value out"}
		}
		return nil
	case reflect.String:
		if p := CheckText(v.String()); p != nil {
			p.Path = path
			return p
		}
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkJSON(v.Elem(), path, depth+1)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // bytes travel as base64
		}
		for i := range v.Len() {
			if p := checkJSON(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); p != nil {
				return p
			}
		}
		return nil
	case reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		default:
			if t.Key().Implements(textMarshalerType) {
				break
			}
			return &InputProblem{Path: path, Problem: fmt.Sprintf("is a map with %s keys", t.Key()), Fix: "use string keys"}
		}
		iter := v.MapRange()
		for iter.Next() {
			key := fmt.Sprint(iter.Key().Interface())
			if p := CheckText(key); p != nil {
				return &InputProblem{Path: path, Problem: fmt.Sprintf("has a key that %s", p.Problem), Fix: p.Fix}
			}
			if p := checkJSON(iter.Value(), path+"."+key, depth+1); p != nil {
				return p
			}
		}
		return nil
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				if p := checkJSON(v.Field(i), path+"."+f.Name, depth+1); p != nil {
					return p
				}
			}
		}
		return nil
	}
	return &InputProblem{Path: path, Problem: fmt.Sprintf("is a %s, which JSON cannot carry", t), Fix: "send strings, numbers, booleans, lists or maps"}
}
