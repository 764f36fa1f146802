package compat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// ToolsModule is where the checkers' module sits in the repository.
const ToolsModule = "tools/compat"

// Tools runs the programs of the tools/compat module. Each is built once,
// with the go command, into a temporary directory that Close removes.
type Tools struct {
	moduleDir string // absolute path of tools/compat
	goCmd     string

	mu   sync.Mutex
	bin  string            // temporary directory for the binaries
	made map[string]string // program → binary
}

// FindTools locates tools/compat in the repository that contains dir (or
// one of its parents).
func FindTools(dir string) (*Tools, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ToolsModule, "go.mod")); err == nil {
			return newTools(filepath.Join(d, ToolsModule)), nil
		}
		if filepath.Dir(d) == d {
			return nil, fmt.Errorf("compat: %s/go.mod not found in %s or above: run specgen inside the cdpkit repository", ToolsModule, abs)
		}
	}
}

func newTools(moduleDir string) *Tools {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	return &Tools{moduleDir: moduleDir, goCmd: goCmd, made: map[string]string{}}
}

// RepoRoot is the repository that holds the tools module.
func (t *Tools) RepoRoot() string { return filepath.Dir(filepath.Dir(t.moduleDir)) }

// Close removes the binaries.
func (t *Tools) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bin == "" {
		return nil
	}
	err := os.RemoveAll(t.bin)
	t.bin, t.made = "", map[string]string{}
	return err
}

// binary returns the path of the named program, building it on first use.
func (t *Tools) binary(name string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b, ok := t.made[name]; ok {
		return b, nil
	}
	if t.bin == "" {
		dir, err := os.MkdirTemp("", "cdpkit-compat-")
		if err != nil {
			return "", err
		}
		t.bin = dir
	}
	out := filepath.Join(t.bin, name)
	cmd := exec.Command(t.goCmd, "build", "-o", out, "./"+name)
	cmd.Dir = t.moduleDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("compat: build %s/%s: %w: %s", ToolsModule, name, err, strings.TrimSpace(stderr.String()))
	}
	t.made[name] = out
	return out, nil
}

// runJSON runs a program and decodes its stdout into v.
func (t *Tools) runJSON(v any, name string, args ...string) error {
	bin, err := t.binary(name)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var exit *exec.ExitError
		if errors.As(err, &exit) && msg != "" {
			return errors.New(msg)
		}
		return fmt.Errorf("compat: %s: %w: %s", name, err, msg)
	}
	if err := json.Unmarshal(stdout.Bytes(), v); err != nil {
		return fmt.Errorf("compat: %s printed something that is not its JSON report: %w", name, err)
	}
	return nil
}

// SpecChanges compares two versions of an OpenAPI document with oasdiff
// and classifies each change (see SDKBreakingRules).
func (t *Tools) SpecChanges(oldFile, newFile string) ([]SpecChange, error) {
	oldAbs, err := filepath.Abs(oldFile)
	if err != nil {
		return nil, err
	}
	newAbs, err := filepath.Abs(newFile)
	if err != nil {
		return nil, err
	}
	var changes []SpecChange
	if err := t.runJSON(&changes, "specchanges", oldAbs, newAbs); err != nil {
		return nil, err
	}
	classify(changes)
	return changes, nil
}

// APIChanges compares the exported Go API of the packages matching
// patterns in two copies of a module.
func (t *Tools) APIChanges(oldDir, newDir string, patterns ...string) ([]APIChange, error) {
	oldAbs, err := filepath.Abs(oldDir)
	if err != nil {
		return nil, err
	}
	newAbs, err := filepath.Abs(newDir)
	if err != nil {
		return nil, err
	}
	var changes []APIChange
	args := append([]string{"-old", oldAbs, "-new", newAbs}, patterns...)
	if err := t.runJSON(&changes, "apichanges", args...); err != nil {
		return nil, err
	}
	return changes, nil
}
