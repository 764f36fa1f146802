package postman

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Extra holds the keys of a Postman object that its Go type does not
// name, with their raw values, so the converter can keep them as
// x-postman-* notes instead of dropping them.
type Extra map[string]json.RawMessage

// Keys returns the keys in sorted order.
func (e Extra) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// without returns a copy of e minus the given keys, or nil when nothing is
// left.
func (e Extra) without(keys ...string) Extra {
	out := Extra{}
	for k, v := range e {
		if !slices.Contains(keys, k) {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// nonEmpty returns e without the keys whose value is null, "", [] or {}:
// they carry nothing to keep.
func (e Extra) nonEmpty() Extra {
	var out Extra
	for k, v := range e {
		switch strings.Join(strings.Fields(string(v)), "") {
		case "null", `""`, "[]", "{}":
			continue
		}
		if out == nil {
			out = Extra{}
		}
		out[k] = v
	}
	return out
}

// decodeObject unmarshals data into v, a pointer to a struct, and returns
// the keys of the JSON object that none of the struct's json tags name.
func decodeObject(data []byte, v any) (Extra, error) {
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	known := jsonNames(reflect.TypeOf(v).Elem())
	var extra Extra
	for k, raw := range all {
		if known[k] {
			continue
		}
		if extra == nil {
			extra = Extra{}
		}
		extra[k] = raw
	}
	return extra, nil
}

var namesCache sync.Map // reflect.Type → map[string]bool

// jsonNames returns the JSON keys a struct type decodes.
func jsonNames(t reflect.Type) map[string]bool {
	if cached, ok := namesCache.Load(t); ok {
		return cached.(map[string]bool)
	}
	names := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	namesCache.Store(t, names)
	return names
}

var typeOfScalar = reflect.TypeOf(Scalar(""))

func itoa(i int) string { return strconv.Itoa(i) }
