package specs

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// Names lists the embedded documents by API name (the file name without
// ".yaml"), sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Bytes returns the raw YAML of the named document, e.g. Bytes("usermost").
// The slice is a fresh copy the caller may keep or change.
func Bytes(name string) ([]byte, error) {
	data, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("specs: no document named %q (have %s)", name, strings.Join(Names(), ", "))
	}
	return data, nil
}

// FS returns the documents as a read-only file system holding one
// "<api>.yaml" per API at its root, for loaders that resolve files by path.
func FS() fs.FS { return files }
