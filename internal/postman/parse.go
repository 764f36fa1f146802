package postman

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Source is what the converter reads: one collection and the environments
// that give its variables their values.
type Source struct {
	Collection   Collection
	Environments []Environment
	// Documenter is true when the input was the envelope a published
	// documentation page (or the Postman API) serves: {"collection": {...},
	// "environments": [...], ...page settings}.
	Documenter bool
	// VersionTag is the documenter's active version tag ("latest").
	VersionTag string
	// Ignored lists the documenter page settings that were left out
	// (colours, layout, code-sample languages), by JSON path.
	Ignored []string
	// Unknown holds envelope keys that are neither collection data nor a
	// known page setting.
	Unknown Extra
}

// pageSettings are the keys of a documenter export that configure the web
// page (theme, layout, code-sample languages, run button) or describe the
// HTTP exchange that served it. None of them says anything about the API.
var pageSettings = map[string]bool{
	"latestAvailableVersionTag": true, "user": true, "run": true, "web": true,
	"team": true, "isEnvFetchError": true, "languages": true, "languageSettings": true,
	"languageOptions": true, "layoutOptions": true, "versionOptions": true,
	"environmentOptions": true, "canonicalUrl": true,
}

// infoPageSettings are the documenter's page settings inside collection.info.
var infoPageSettings = []string{"customColor", "documentationLayout", "customisation", "documentationTheme", "metaTags", "logos"}

// Parse reads a Postman collection (v2.0 or v2.1 JSON) or a documenter
// export. An environment file is refused with a hint to pass it
// separately.
func Parse(data []byte) (*Source, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	switch {
	case isObject(top["collection"]):
		return parseEnvelope(top)
	case top["info"] != nil:
		src := &Source{}
		if err := json.Unmarshal(data, &src.Collection); err != nil {
			return nil, fmt.Errorf("collection: %w", err)
		}
		return src, nil
	case top["values"] != nil:
		return nil, errors.New("this is a Postman environment, not a collection; pass it with -env and give the collection as the input")
	}
	return nil, errors.New(`not a Postman collection: expected "info" and "item" (collection v2.x) or "collection" (documenter export)`)
}

func parseEnvelope(top map[string]json.RawMessage) (*Source, error) {
	src := &Source{Documenter: true}
	var coll map[string]json.RawMessage
	if err := json.Unmarshal(top["collection"], &coll); err != nil {
		return nil, fmt.Errorf("collection: %w", err)
	}
	if _, ok := coll["statusCode"]; ok {
		// The HTTP status of the request that fetched the export.
		delete(coll, "statusCode")
		src.Ignored = append(src.Ignored, "collection.statusCode")
	}
	if info, ok := coll["info"]; ok {
		var fields map[string]json.RawMessage
		if json.Unmarshal(info, &fields) == nil {
			for _, k := range infoPageSettings {
				if _, ok := fields[k]; ok {
					delete(fields, k)
					src.Ignored = append(src.Ignored, "collection.info."+k)
				}
			}
			coll["info"], _ = json.Marshal(fields)
		}
	}
	collData, _ := json.Marshal(coll)
	if err := json.Unmarshal(collData, &src.Collection); err != nil {
		return nil, fmt.Errorf("collection: %w", err)
	}
	for k, raw := range top {
		switch {
		case k == "collection":
		case k == "environments":
			if err := json.Unmarshal(raw, &src.Environments); err != nil {
				return nil, fmt.Errorf("environments: %w", err)
			}
		case k == "activeVersionTag":
			_ = json.Unmarshal(raw, &src.VersionTag)
		case pageSettings[k]:
			src.Ignored = append(src.Ignored, k)
		default:
			if src.Unknown == nil {
				src.Unknown = Extra{}
			}
			src.Unknown[k] = raw
		}
	}
	sortStrings(src.Ignored)
	return src, nil
}

// ParseEnvironment reads a Postman environment export.
func ParseEnvironment(data []byte) (Environment, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var env Environment
	if err := json.Unmarshal(data, &env); err != nil {
		return env, fmt.Errorf("not a Postman environment: %w", err)
	}
	if env.Values == nil {
		return env, errors.New(`not a Postman environment: no "values"`)
	}
	return env, nil
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}
