package userlottest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
)

type rawBodyKey struct{}

// keepRawBody hands the request on with its body bytes in the context, so
// handlers can read values the generated decoding would change.
func keepRawBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				writeError(w, r, http.StatusBadRequest, "read the request body: "+err.Error())
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), rawBodyKey{}, body))
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

// exactCustom returns custom (the extra keys the generated code decoded,
// numbers as float64) with every value decoded again from the raw body with
// json.Number, so the fake stores an integer above 2^53 exactly as it was
// sent, as a real database column would.
func exactCustom(ctx context.Context, custom map[string]any) map[string]any {
	raw, _ := ctx.Value(rawBodyKey{}).([]byte)
	if len(custom) == 0 || raw == nil {
		return custom
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return custom
	}
	out := make(map[string]any, len(custom))
	for name, v := range custom {
		out[name] = v
		if value, ok := fields[name]; ok {
			dec := json.NewDecoder(bytes.NewReader(value))
			dec.UseNumber()
			var exact any
			if dec.Decode(&exact) == nil {
				out[name] = exact
			}
		}
	}
	return out
}

// sourceIDs reads a body's source_external_id: one string or a list.
func sourceIDs(raw *gen.SourceExternalIDs) []string {
	if raw == nil {
		return nil
	}
	var one string
	if json.Unmarshal(*raw, &one) == nil {
		if one == "" {
			return nil
		}
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(*raw, &many) // the validator has checked the shape
	return many
}

// sourceIDsOut shows a record's source external ids as the fake answers
// them: absent for none, a string for one, a list for several.
func sourceIDsOut(ids []string) *gen.SourceExternalIDs {
	var raw []byte
	switch len(ids) {
	case 0:
		return nil
	case 1:
		raw, _ = json.Marshal(ids[0])
	default:
		raw, _ = json.Marshal(ids)
	}
	v := gen.SourceExternalIDs(raw)
	return &v
}
