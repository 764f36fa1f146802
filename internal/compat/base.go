package compat

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Base is the revision `specgen breaking` compares the working tree with.
type Base struct {
	Rev    string // what git was asked for: a tag, a commit
	Commit string // the commit it names
	Why    string // how it was chosen, for the report
}

// git runs git in dir and returns its trimmed stdout.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// ErrNoBase is returned by PickBase when there is nothing to compare with:
// the repository has a single commit.
var ErrNoBase = errors.New("compat: no earlier commit to compare with")

// PickBase chooses the revision to compare the working tree of repo with,
// in this order:
//
//  1. explicit, when not empty (--base, or BREAKING_BASE in the Makefile);
//  2. the newest release tag (v*) reachable from HEAD: what users have;
//  3. in a GitHub pull request (GITHUB_BASE_REF), the merge base with
//     origin/<that branch>: what the pull request changes;
//  4. on a branch other than main, the merge base with main (origin/main
//     when there is no local main): what the branch changes;
//  5. otherwise HEAD's first parent: what the last commit (or merge)
//     changed, plus anything not yet committed.
//
// It needs the history: in a shallow clone it says so instead of guessing.
func PickBase(repo, explicit string) (Base, error) {
	resolve := func(rev, why string) (Base, error) {
		commit, err := git(repo, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
		if err != nil {
			return Base{}, fmt.Errorf("compat: base %q is not a commit here: %w", rev, err)
		}
		return Base{Rev: rev, Commit: commit, Why: why}, nil
	}
	if explicit != "" {
		return resolve(explicit, "given")
	}
	if shallow, _ := git(repo, "rev-parse", "--is-shallow-repository"); shallow == "true" {
		return Base{}, errors.New("compat: shallow clone: the base cannot be found without history; fetch it (actions/checkout: fetch-depth: 0) or pass --base")
	}
	if tag, err := git(repo, "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"); err == nil && tag != "" {
		return resolve(tag, "last release tag")
	}
	if target := os.Getenv("GITHUB_BASE_REF"); target != "" {
		if mb, err := git(repo, "merge-base", "HEAD", "origin/"+target); err == nil {
			return resolve(mb, "merge base with origin/"+target+", the pull request's target; no release tag yet")
		}
	}
	branch, _ := git(repo, "rev-parse", "--abbrev-ref", "HEAD")
	if branch != "main" {
		for _, main := range []string{"main", "origin/main"} {
			if _, err := git(repo, "rev-parse", "--verify", "--quiet", main); err != nil {
				continue
			}
			mb, err := git(repo, "merge-base", "HEAD", main)
			if err != nil {
				continue
			}
			if head, _ := git(repo, "rev-parse", "HEAD"); mb == head {
				return resolve("HEAD", "the branch has no commits of its own yet; no release tag yet")
			}
			return resolve(mb, "merge base with "+main+"; no release tag yet")
		}
	}
	if _, err := git(repo, "rev-parse", "--verify", "--quiet", "HEAD^"); err != nil {
		return Base{}, ErrNoBase
	}
	return resolve("HEAD^", "the previous commit on "+branch+"; no release tag yet")
}

// Extract writes the tree of commit into a new temporary directory and
// returns it; the caller removes it. It uses git archive, so it needs no
// work tree and no network.
func Extract(repo, commit string) (string, error) {
	dir, err := os.MkdirTemp("", "cdpkit-base-")
	if err != nil {
		return "", err
	}
	cmd := exec.Command("git", "archive", "--format=tar", commit)
	cmd.Dir = repo
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	untarErr := untar(out, dir)
	if untarErr != nil {
		_, _ = io.Copy(io.Discard, out)
	}
	if err := cmd.Wait(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("compat: git archive %s: %w: %s", commit, err, strings.TrimSpace(stderr.String()))
	}
	if untarErr != nil {
		os.RemoveAll(dir)
		return "", untarErr
	}
	return dir, nil
}

// untar writes regular files and directories only; git archive of a Go
// module has nothing else that matters here (a symlink is skipped).
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("compat: read archive: %w", err)
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("compat: archive entry %q leaves the directory", h.Name)
		}
		target := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
