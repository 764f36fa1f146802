package postman

import (
	"encoding/json"
	"strings"
)

// Collection is a Postman collection (format v2.0 or v2.1). Only what the
// converter maps is typed; every other key of the object is kept in Extra.
type Collection struct {
	Info     Info       `json:"info"`
	Item     []Item     `json:"item"`
	Auth     *Auth      `json:"auth"`
	Variable []Variable `json:"variable"`
	Event    []Event    `json:"event"`
	Extra    Extra      `json:"-"`
}

// UnmarshalJSON decodes the typed keys and keeps the rest in Extra.
func (c *Collection) UnmarshalJSON(data []byte) error {
	type plain Collection
	var p plain
	extra, err := decodeObject(data, &p)
	if err != nil {
		return err
	}
	*c = Collection(p)
	c.Extra = extra
	return nil
}

// Info is a collection's info block. Documenter exports add publication
// metadata to it, which ends up in Extra.
type Info struct {
	PostmanID   string  `json:"_postman_id"`
	Name        string  `json:"name"`
	Description Text    `json:"description"`
	Schema      string  `json:"schema"`
	Version     Version `json:"version"`
	Extra       Extra   `json:"-"`
}

// UnmarshalJSON decodes the typed keys and keeps the rest in Extra.
func (i *Info) UnmarshalJSON(data []byte) error {
	type plain Info
	var p plain
	extra, err := decodeObject(data, &p)
	if err != nil {
		return err
	}
	*i = Info(p)
	i.Extra = extra
	return nil
}

// Item is a folder (Item is set) or a request (Request is set).
type Item struct {
	ID          string     `json:"id"`
	PostmanID   string     `json:"_postman_id"`
	Name        string     `json:"name"`
	Description Text       `json:"description"`
	Item        []Item     `json:"item"`
	Request     *Request   `json:"request"`
	Response    []Response `json:"response"`
	Auth        *Auth      `json:"auth"`
	Event       []Event    `json:"event"`
	Variable    []Variable `json:"variable"`
	Extra       Extra      `json:"-"`
	folder      bool
}

// UnmarshalJSON decodes the typed keys and keeps the rest in Extra. An
// item with an "item" key is a folder even when the list is empty.
func (it *Item) UnmarshalJSON(data []byte) error {
	type plain Item
	var p plain
	extra, err := decodeObject(data, &p)
	if err != nil {
		return err
	}
	*it = Item(p)
	it.Extra = extra
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(data, &keys)
	_, it.folder = keys["item"]
	return nil
}

// IsFolder reports whether the item groups other items.
func (it *Item) IsFolder() bool { return it.folder || len(it.Item) > 0 }

// key returns the item's Postman id, whichever spelling the export used.
func (it *Item) key() string {
	if it.ID != "" {
		return it.ID
	}
	return it.PostmanID
}

// Request is one HTTP request. In the collection format a request may also
// be written as a bare URL string, which UnmarshalJSON accepts.
type Request struct {
	Method      string    `json:"method"`
	URL         URL       `json:"url"`
	Header      KeyValues `json:"header"`
	Body        *Body     `json:"body"`
	Auth        *Auth     `json:"auth"`
	Description Text      `json:"description"`
	Extra       Extra     `json:"-"`
}

// UnmarshalJSON accepts a URL string or a request object.
func (r *Request) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*r = Request{Method: "GET", URL: parseRawURL(s)}
		return nil
	}
	type plain Request
	var p plain
	extra, err := decodeObject(data, &p)
	if err != nil {
		return err
	}
	*r = Request(p)
	r.Extra = extra
	if r.Method == "" {
		r.Method = "GET"
	}
	return nil
}

// Response is a saved example response.
type Response struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	OriginalRequest *Request  `json:"originalRequest"`
	Status          string    `json:"status"`
	Code            int       `json:"code"`
	Header          KeyValues `json:"header"`
	Body            string    `json:"body"`
	PreviewLanguage string    `json:"_postman_previewlanguage"`
	Extra           Extra     `json:"-"`
}

// UnmarshalJSON decodes the typed keys and keeps the rest in Extra.
func (r *Response) UnmarshalJSON(data []byte) error {
	type plain Response
	var p plain
	extra, err := decodeObject(data, &p)
	if err != nil {
		return err
	}
	*r = Response(p)
	r.Extra = extra
	return nil
}

// Body is a request body in one of Postman's modes.
type Body struct {
	Mode       string          `json:"mode"`
	Raw        string          `json:"raw"`
	URLEncoded KeyValues       `json:"urlencoded"`
	FormData   KeyValues       `json:"formdata"`
	File       json.RawMessage `json:"file"`
	GraphQL    json.RawMessage `json:"graphql"`
	Options    struct {
		Raw struct {
			Language string `json:"language"`
		} `json:"raw"`
	} `json:"options"`
	Disabled bool  `json:"disabled"`
	Extra    Extra `json:"-"`
}

// UnmarshalJSON decodes the typed keys and keeps the rest in Extra.
func (b *Body) UnmarshalJSON(data []byte) error {
	type plain Body
	var p plain
	extra, err := decodeObject(data, &p)
	if err != nil {
		return err
	}
	*b = Body(p)
	b.Extra = extra
	return nil
}

// KeyValue is a header, query parameter or form field.
type KeyValue struct {
	Key         string `json:"key"`
	Value       Scalar `json:"value"`
	Description Text   `json:"description"`
	Disabled    bool   `json:"disabled"`
	Type        string `json:"type"`
	Src         Scalar `json:"src"`
}

// KeyValues is a list of KeyValue. Postman v2.0 may write headers as one
// "Name: value" string per line, which UnmarshalJSON accepts too.
type KeyValues []KeyValue

// UnmarshalJSON accepts a list, null, or a header string.
func (kv *KeyValues) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*kv = nil
		for _, line := range strings.Split(s, "\n") {
			name, value, ok := strings.Cut(line, ":")
			if ok && strings.TrimSpace(name) != "" {
				*kv = append(*kv, KeyValue{Key: strings.TrimSpace(name), Value: Scalar(strings.TrimSpace(value))})
			}
		}
		return nil
	}
	var list []KeyValue
	if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	*kv = list
	return nil
}

// Variable is a collection, URL or environment variable.
type Variable struct {
	Key         string `json:"key"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Value       Scalar `json:"value"`
	Type        string `json:"type"`
	Description Text   `json:"description"`
	Disabled    bool   `json:"disabled"`
	Enabled     *bool  `json:"enabled"`
}

// name returns the variable's key; v2.0 exports sometimes only set id.
func (v Variable) name() string {
	if v.Key != "" {
		return v.Key
	}
	return v.ID
}

// active reports whether Postman would use the variable.
func (v Variable) active() bool {
	return !v.Disabled && (v.Enabled == nil || *v.Enabled)
}

// Event is a pre-request or test script. OpenAPI has no place for it, so
// the converter keeps it as an x-postman-events note.
type Event struct {
	Listen string `json:"listen"`
	Script struct {
		Type string `json:"type"`
		Exec Lines  `json:"exec"`
	} `json:"script"`
	Disabled bool `json:"disabled"`
}

// Lines is a script body: a list of lines or one string.
type Lines []string

// UnmarshalJSON accepts a string or a list of strings.
func (l *Lines) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*l = strings.Split(s, "\n")
		return nil
	}
	var list []string
	if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	*l = list
	return nil
}

// Environment is a Postman environment: the export file, or one entry of
// a documenter export's "environments".
type Environment struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Values []Variable `json:"values"`
}

// Text is a description: Postman writes it as a string or as an object
// {content, type}.
type Text string

// UnmarshalJSON accepts a string, null or {content: ...}.
func (t *Text) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*t = Text(s)
		return nil
	}
	var obj struct {
		Content string `json:"content"`
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	*t = Text(obj.Content)
	return nil
}

// Version is a collection version: a string, or {major, minor, patch,
// identifier} in the v2 schemas.
type Version string

// UnmarshalJSON accepts a string, a number or the structured form.
func (v *Version) UnmarshalJSON(data []byte) error {
	var s Scalar
	if err := s.UnmarshalJSON(data); err == nil {
		*v = Version(s)
		return nil
	}
	var obj struct {
		Major, Minor, Patch int
		Identifier          string
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	ver := strings.Join([]string{itoa(obj.Major), itoa(obj.Minor), itoa(obj.Patch)}, ".")
	if obj.Identifier != "" {
		ver += "-" + obj.Identifier
	}
	*v = Version(ver)
	return nil
}

// Scalar is a value Postman may write as a string, number, boolean or null;
// it is kept as text.
type Scalar string

// UnmarshalJSON accepts any JSON scalar.
func (s *Scalar) UnmarshalJSON(data []byte) error {
	var str string
	if json.Unmarshal(data, &str) == nil {
		*s = Scalar(str)
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch v.(type) {
	case nil:
		*s = ""
	case float64, bool:
		*s = Scalar(strings.TrimSpace(string(data)))
	default:
		return &json.UnmarshalTypeError{Value: "object or array", Type: typeOfScalar}
	}
	return nil
}
