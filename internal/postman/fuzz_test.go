package postman

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzConvert feeds the Postman converter collections derived from the
// Userlot documenter export (the seed the project's spec was drafted from)
// and small hostile ones. Parse and Convert must return a result or an
// error, never panic; a converted draft is YAML that parses.
func FuzzConvert(f *testing.F) {
	if data, err := os.ReadFile("../../../shared/seeds/000_cbead24a2f6a2f07.txt"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := Parse(data)
		if err != nil {
			return
		}
		res, err := Convert(src, Options{})
		if err != nil {
			return
		}
		var doc map[string]any
		if err := yaml.Unmarshal(res.YAML, &doc); err != nil {
			t.Fatalf("the draft is not YAML: %v\n%s", err, res.YAML)
		}
		if doc["openapi"] == nil || doc["paths"] == nil {
			t.Errorf("the draft lacks openapi or paths: %s", res.YAML)
		}
	})
}
