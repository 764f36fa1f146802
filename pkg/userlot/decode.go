package userlot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// splitRecord decodes one record: the fixed fields into the generated type
// G, and every other top-level key into CustomFields. Custom values are
// decoded with json.Number for numbers, so an integer above 2^53 (an id or
// an amount in cents) keeps every digit and goes back out unchanged; the
// generated types would have turned it into a float64.
func splitRecord[G any](raw []byte, fixed map[string]bool) (G, CustomFields, error) {
	var g G
	if err := json.Unmarshal(raw, &g); err != nil {
		return g, nil, err
	}
	custom, err := decodeCustom(raw, fixed)
	return g, custom, err
}

// decodeCustom returns the keys of a JSON object that are not fixed fields,
// with their values decoded as JSON values (json.Number for numbers); nil
// when there are none.
func decodeCustom(raw []byte, fixed map[string]bool) (CustomFields, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	var out CustomFields
	for name, value := range fields {
		if fixed[name] {
			continue
		}
		v, err := decodeValue(value)
		if err != nil {
			return nil, fmt.Errorf("custom field %q: %w", name, err)
		}
		out.set(name, v)
	}
	return out, nil
}

func decodeValue(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// one decodes a 2xx answer holding one record; a body that is missing or
// does not decode is an *Error naming the operation and the status.
func one[G, W any](c *Client, operation string, resp *http.Response, err error, fixed map[string]bool, conv func(*G, CustomFields) (*W, error)) (*W, error) {
	raw, err := transport.Decode[json.RawMessage](c.http, operation, resp, err)
	if err != nil {
		return nil, err
	}
	w, err := record(*raw, fixed, conv)
	if err != nil {
		return nil, c.http.Undecodable(operation, resp, err)
	}
	return w, nil
}

// list decodes a 2xx answer holding a bare array of records.
func list[G, W any](c *Client, operation string, resp *http.Response, err error, fixed map[string]bool, conv func(*G, CustomFields) (*W, error)) ([]W, error) {
	raws, err := transport.Decode[[]json.RawMessage](c.http, operation, resp, err)
	if err != nil {
		return nil, err
	}
	out := make([]W, len(*raws))
	for i, raw := range *raws {
		w, err := record(raw, fixed, conv)
		if err != nil {
			return nil, c.http.Undecodable(operation, resp, fmt.Errorf("item %d: %w", i, err))
		}
		out[i] = *w
	}
	return out, nil
}

func record[G, W any](raw []byte, fixed map[string]bool, conv func(*G, CustomFields) (*W, error)) (*W, error) {
	g, custom, err := splitRecord[G](raw, fixed)
	if err != nil {
		return nil, err
	}
	return conv(&g, custom)
}

// readSourceIDs reads source_external_id as the API may send it: absent,
// null, one string, or a list of strings (there can be several per product).
func readSourceIDs(raw *gen.SourceExternalIDs) ([]string, error) {
	if raw == nil || len(*raw) == 0 || string(*raw) == "null" {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(*raw, &one); err == nil {
		if one == "" {
			return nil, nil
		}
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(*raw, &many); err != nil {
		return nil, errors.New("source_external_id is neither a string nor a list of strings")
	}
	return many, nil
}

// writeSourceIDs encodes the source ids of a body: nothing for none, a
// string for one (the form the vendor's requests show), a list for several.
func writeSourceIDs(ids []string) *gen.SourceExternalIDs {
	var raw []byte
	switch len(ids) {
	case 0:
		return nil
	case 1:
		raw, _ = json.Marshal(ids[0]) // a string always encodes
	default:
		raw, _ = json.Marshal(ids)
	}
	v := gen.SourceExternalIDs(raw)
	return &v
}
