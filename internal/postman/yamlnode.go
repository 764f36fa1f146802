package postman

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The draft is built as a yaml.Node tree rather than from Go maps, so the
// keys come out in OpenAPI's customary order and examples keep the order of
// the collection's JSON: the same input always gives the same bytes.

func mapNode() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func seqNode(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
}

// set appends key: val to mapping m; a nil val is skipped.
func set(m *yaml.Node, key string, val *yaml.Node) {
	if val == nil {
		return
	}
	m.Content = append(m.Content, strNode(key), val)
}

// get returns the value of key in mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// child returns the mapping at key in m, creating it when absent.
func child(m *yaml.Node, key string) *yaml.Node {
	if c := get(m, key); c != nil {
		return c
	}
	c := mapNode()
	set(m, key, c)
	return c
}

// strNode is a string scalar. Text with line breaks is written as a
// literal block; strings that YAML would read as something else (numbers,
// dates, booleans) are quoted by the encoder.
func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	} else if looksTyped(s) {
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// typedPlain matches plain scalars that some YAML 1.1 readers take for
// dates, numbers or booleans; they are quoted so every reader sees text.
var typedPlain = regexp.MustCompile(`^(\d{4}-\d\d?-\d\d?([Tt ].*)?|[-+]?(\d[\d_]*)?\.?\d[\d_.eE+-]*|0x[0-9a-fA-F]+|(?i:y|n|yes|no|on|off|true|false|null|~))$`)

func looksTyped(s string) bool { return typedPlain.MatchString(s) }

// textNode is prose (a description): Markdown hard breaks written as
// trailing spaces become backslash breaks, which mean the same in
// CommonMark, and other trailing blanks go, so the text can be a literal
// block (YAML cannot keep trailing spaces in one).
func textNode(s string) *yaml.Node {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		trimmed := strings.TrimRight(l, " \t")
		if i < len(lines)-1 && strings.HasSuffix(l, "  ") && strings.TrimSpace(l) != "" {
			trimmed += `\`
		}
		lines[i] = trimmed
	}
	s = strings.TrimRight(strings.Join(lines, "\n"), "\n")
	if strings.Contains(s, "\n") {
		s += "\n"
	}
	return strNode(s)
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func nullNode() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"} }

// strList is a sequence of strings.
func strList(ss ...string) *yaml.Node {
	n := seqNode()
	for _, s := range ss {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}

// jsonNode converts JSON text to a node tree, keeping the order of object
// keys and the exact text of numbers.
func jsonNode(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readJSON(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

func readJSON(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := mapNode()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := readJSON(dec)
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				if existing := get(m, key); existing != nil {
					*existing = *v // JSON's last duplicate wins
					continue
				}
				set(m, key, v)
			}
			_, err := dec.Token()
			return m, err
		case '[':
			s := seqNode()
			for dec.More() {
				v, err := readJSON(dec)
				if err != nil {
					return nil, err
				}
				s.Content = append(s.Content, v)
			}
			_, err := dec.Token()
			return s, err
		}
	case string:
		return strNode(t), nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(t.String(), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: t.String()}, nil
	case bool:
		return boolNode(t), nil
	case nil:
		return nullNode(), nil
	}
	return nil, errors.New("unexpected JSON token")
}

// flowEmpty renders empty mappings and sequences as {} and [].
func flowEmpty(n *yaml.Node) {
	if (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && len(n.Content) == 0 {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		flowEmpty(c)
	}
}

// encode writes the document with two-space indentation.
func encode(doc *yaml.Node) ([]byte, error) {
	flowEmpty(doc)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
