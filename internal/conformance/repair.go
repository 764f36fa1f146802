package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Repair is one change applied to a vendor's document before use, in the
// shape of a JSON Patch operation (RFC 6902: add, remove, replace, move)
// plus the reason it is needed. Repairs live in a JSON file beside the
// document they change, so the document itself stays byte for byte what
// the vendor published.
type Repair struct {
	Op     string          `json:"op"`
	Path   string          `json:"path"`
	From   string          `json:"from,omitempty"`
	Value  json.RawMessage `json:"value,omitempty"`
	Reason string          `json:"reason"`
}

// ParseRepairs reads a JSON array of repairs. Every repair must say why it
// is needed.
func ParseRepairs(data []byte) ([]Repair, error) {
	var rs []Repair
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("conformance: repairs: %w", err)
	}
	for i, r := range rs {
		if strings.TrimSpace(r.Reason) == "" {
			return nil, fmt.Errorf("conformance: repair %d (%s %s) gives no reason", i, r.Op, r.Path)
		}
	}
	return rs, nil
}

// ApplyRepairs applies repairs to a JSON document and returns the result.
func ApplyRepairs(doc []byte, repairs []Repair) ([]byte, error) {
	if len(repairs) == 0 {
		return doc, nil
	}
	var root any
	if err := json.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("document is not JSON: %w", err)
	}
	for i, r := range repairs {
		var err error
		if root, err = applyRepair(root, r); err != nil {
			return nil, fmt.Errorf("repair %d (%s %s): %w", i, r.Op, r.Path, err)
		}
	}
	return json.Marshal(root)
}

func applyRepair(root any, r Repair) (any, error) {
	switch r.Op {
	case "remove":
		_, err := removeAt(root, r.Path)
		return root, err
	case "move":
		v, err := removeAt(root, r.From)
		if err != nil {
			return nil, err
		}
		return addAt(root, r.Path, v)
	case "add", "replace":
		var v any
		if err := json.Unmarshal(r.Value, &v); err != nil {
			return nil, fmt.Errorf("value: %w", err)
		}
		if r.Op == "replace" {
			if _, err := removeAt(root, r.Path); err != nil {
				return nil, err
			}
		}
		return addAt(root, r.Path, v)
	}
	return nil, fmt.Errorf("unsupported op %q (want add, remove, replace or move)", r.Op)
}

// pointer splits an RFC 6901 JSON pointer into unescaped tokens.
func pointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("pointer %q does not start with /", p)
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks, nil
}

// parent walks to the container holding the last token of p.
func parent(root any, p string) (any, string, error) {
	toks, err := pointer(p)
	if err != nil {
		return nil, "", err
	}
	if len(toks) == 0 {
		return nil, "", errors.New("the document root cannot be changed")
	}
	cur := root
	for _, t := range toks[:len(toks)-1] {
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[t]
			if !ok {
				return nil, "", fmt.Errorf("%q not found", t)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil, "", fmt.Errorf("index %q out of range", t)
			}
			cur = c[i]
		default:
			return nil, "", fmt.Errorf("%q is inside a scalar", t)
		}
	}
	return cur, toks[len(toks)-1], nil
}

func removeAt(root any, p string) (any, error) {
	container, key, err := parent(root, p)
	if err != nil {
		return nil, err
	}
	m, ok := container.(map[string]any)
	if !ok {
		return nil, errors.New("only object members can be removed or moved")
	}
	v, ok := m[key]
	if !ok {
		return nil, fmt.Errorf("%q not found", key)
	}
	delete(m, key)
	return v, nil
}

func addAt(root any, p string, v any) (any, error) {
	container, key, err := parent(root, p)
	if err != nil {
		return nil, err
	}
	m, ok := container.(map[string]any)
	if !ok {
		return nil, errors.New("only object members can be added")
	}
	if _, exists := m[key]; exists {
		return nil, fmt.Errorf("%q already exists", key)
	}
	m[key] = v
	return root, nil
}
