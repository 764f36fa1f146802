package track

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// spillStore keeps undelivered batches as one JSON file each in a directory
// of their own per sink (dir/<sink>/), written atomically (temp file, fsync,
// rename, fsync of the directory) so a crash never leaves half a batch or
// loses one reported as spilled. A lock file keeps a second Tracker from
// replaying the same batches.
type spillStore struct {
	dir    string
	unlock func()
	seq    atomic.Int64
}

type spilledBatch struct {
	path  string
	batch Batch
}

var unsafePathChars = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func openSpill(root, sink string) (*spillStore, error) {
	dir := filepath.Join(root, unsafePathChars.ReplaceAllString(sink, "_"))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("track.WithSpillDir: %w", err)
	}
	unlock, err := lockDir(dir)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("track.WithSpillDir: %s is in use by another Tracker for sink %q (one Tracker per sink and directory): %w", dir, sink, err)
	}
	if err != nil {
		return nil, fmt.Errorf("track.WithSpillDir: cannot lock %s: %w: give the process a directory it can write", dir, err)
	}
	s := &spillStore{dir: dir, unlock: unlock}
	// Temp files are what a crash mid-write leaves; their batch was never
	// reported as spilled, so they hold nothing to replay.
	if temps, _ := filepath.Glob(filepath.Join(dir, ".spill-*")); len(temps) > 0 {
		for _, t := range temps {
			_ = os.Remove(t)
		}
	}
	return s, nil
}

func (s *spillStore) close() { s.unlock() }

func (s *spillStore) save(b Batch) (string, error) {
	name := fmt.Sprintf("%020d-%06d-%s.json", time.Now().UnixNano(), s.seq.Add(1), b.ID)
	path := filepath.Join(s.dir, name)
	return path, s.write(path, b)
}

// has reports whether a spill file for batch id exists.
func (s *spillStore) has(id string) bool {
	matches, _ := filepath.Glob(filepath.Join(s.dir, "*-"+id+".json"))
	return len(matches) > 0
}

// write puts b in path atomically: whoever reads path sees the old batch or
// the new one, never a mix.
func (s *spillStore) write(path string, b Batch) error {
	data, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("track: encode batch for spill: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".spill-*")
	if err != nil {
		return fmt.Errorf("track: spill batch: %w", err)
	}
	_, werr := tmp.Write(data)
	werr = errors.Join(werr, tmp.Sync(), tmp.Close())
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr == nil {
		werr = syncDir(s.dir)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("track: spill batch: %w", werr)
	}
	return nil
}

// load returns the spilled batches, oldest first. A file that cannot be
// decoded is renamed to *.corrupt and reported, so one bad file neither
// blocks start-up nor is retried forever.
func (s *spillStore) load() (batches []spilledBatch, corrupt []string, err error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, nil, fmt.Errorf("track: read spill dir: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		path := filepath.Join(s.dir, n)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("track: read spilled batch: %w", err)
		}
		b, err := decodeSpilled(data)
		if err != nil {
			if rerr := os.Rename(path, path+".corrupt"); rerr != nil {
				return nil, nil, fmt.Errorf("track: move unreadable spill file aside: %w", rerr)
			}
			corrupt = append(corrupt, fmt.Sprintf("%s.corrupt: %v", path, err))
			continue
		}
		batches = append(batches, spilledBatch{path: path, batch: b})
	}
	return batches, corrupt, nil
}

// decodeSpilled reads one spill file. It refuses what could not have been
// written by save: an empty batch, or a message without an ID.
func decodeSpilled(data []byte) (Batch, error) {
	var b Batch
	if err := json.Unmarshal(data, &b); err != nil {
		return Batch{}, err
	}
	if b.ID == "" {
		return Batch{}, errors.New("batch has no id")
	}
	if len(b.Messages) == 0 {
		return Batch{}, errors.New("batch has no messages")
	}
	for i, m := range b.Messages {
		if m.ID == "" {
			return Batch{}, fmt.Errorf("messages[%d] has no id", i)
		}
	}
	return b, nil
}

func (s *spillStore) exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func (s *spillStore) remove(path string) { _ = os.Remove(path) }

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
