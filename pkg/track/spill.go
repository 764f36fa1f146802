package track

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// spillStore keeps undelivered batches as one JSON file each, written
// atomically (temp file + rename) so a crash never leaves half a batch.
type spillStore struct {
	dir  string
	sink string
	seq  atomic.Int64
}

type spilledBatch struct {
	path  string
	batch Batch
}

func openSpill(dir, sink string) (*spillStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("track.WithSpillDir: %w", err)
	}
	return &spillStore{dir: dir, sink: sink}, nil
}

func (s *spillStore) prefix() string { return s.sink + "-" }

func (s *spillStore) save(b Batch) (string, error) {
	data, err := json.Marshal(b)
	if err != nil {
		return "", fmt.Errorf("track: encode batch for spill: %w", err)
	}
	name := fmt.Sprintf("%s%020d-%06d-%s.json", s.prefix(), time.Now().UnixNano(), s.seq.Add(1), b.ID)
	path := filepath.Join(s.dir, name)
	tmp, err := os.CreateTemp(s.dir, ".spill-*")
	if err != nil {
		return "", fmt.Errorf("track: spill batch: %w", err)
	}
	_, werr := tmp.Write(data)
	if serr := tmp.Sync(); werr == nil {
		werr = serr
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("track: spill batch: %w", werr)
	}
	return path, nil
}

// load returns this sink's spilled batches, oldest first.
func (s *spillStore) load() ([]spilledBatch, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("track: read spill dir: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasPrefix(e.Name(), s.prefix()) && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	out := make([]spilledBatch, 0, len(names))
	for _, n := range names {
		path := filepath.Join(s.dir, n)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("track: read spilled batch: %w", err)
		}
		var b Batch
		if err := json.Unmarshal(data, &b); err != nil {
			return nil, fmt.Errorf("track: spilled batch %s is corrupt (move it aside to continue): %w", path, err)
		}
		out = append(out, spilledBatch{path: path, batch: b})
	}
	return out, nil
}

func (s *spillStore) remove(path string) { _ = os.Remove(path) }
