package track

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// defaultSegmentBytes is the size at which the write-ahead log starts a new
// segment file. A segment is deleted once every message in it, and in every
// older segment, is resolved.
const defaultSegmentBytes = 4 << 20

// wal is the write-ahead log of the durable modes: every accepted message,
// every batch the loop cuts and every outcome is appended to it, so a
// restart after a crash can rebuild what was owed to the sink. It lives in
// the sink's spill directory, under the same lock.
type wal struct {
	dir          string
	segmentBytes int64
	logErr       func(msg string, err error)

	mu      sync.Mutex // guards everything below, and writes to the active file
	active  *segment
	segs    []*segment // live segments, oldest first; the last is active
	nextSeq int64
	written int64 // bytes appended since open, across segments
	frame   []byte
	broken  error // set when a failed write could not be undone

	syncMu sync.Mutex // one fsync at a time; taken before mu
	synced atomic.Int64
	syncs  atomic.Int64 // fsyncs of the active segment, for tests and the curious

	stop    chan struct{}
	stopped chan struct{}
}

type segment struct {
	path    string
	f       *os.File
	size    int64
	pending atomic.Int64 // messages in this segment not yet resolved
}

const walPrefix, walSuffix = "wal-", ".log"

// recoverWAL turns the segments an earlier run left into spill files (so the
// usual replay sends them) and removes them. A segment with a damaged tail
// gives up its intact records and is kept aside as *.corrupt.
func recoverWAL(store *spillStore, maxMessages, maxBytes int) (recovered int, notes []string, err error) {
	paths, err := filepath.Glob(filepath.Join(store.dir, walPrefix+"*"+walSuffix))
	if err != nil {
		return 0, nil, fmt.Errorf("track: list write-ahead log: %w", err)
	}
	if len(paths) == 0 {
		return 0, nil, nil
	}
	sort.Strings(paths)
	rec := newWALRecovery()
	damaged := map[string]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, nil, fmt.Errorf("track: read write-ahead log: %w", err)
		}
		frames, _, ferr := decodeFrames(data)
		for _, f := range frames {
			if err := rec.add(f); err != nil {
				ferr = err
				break
			}
		}
		if ferr != nil {
			damaged[p] = true
			notes = append(notes, fmt.Sprintf("%s: %v", filepath.Base(p), ferr))
		}
	}
	for _, b := range rec.unresolved(maxMessages, maxBytes) {
		if store.has(b.ID) {
			continue // converted by a start that crashed before removing the log
		}
		if _, err := store.save(b); err != nil {
			return 0, nil, fmt.Errorf("track: move write-ahead log to spill files: %w", err)
		}
		recovered += len(b.Messages)
	}
	for _, p := range paths {
		if damaged[p] {
			err = os.Rename(p, p+".corrupt")
		} else {
			err = os.Remove(p)
		}
		if err != nil {
			return 0, nil, fmt.Errorf("track: remove replayed write-ahead log: %w", err)
		}
	}
	return recovered, notes, syncDir(store.dir)
}

// openWAL starts an empty log in dir. With syncEvery > 0 a background
// goroutine flushes it to disk at that interval until close.
func openWAL(dir string, segmentBytes int64, syncEvery time.Duration, logErr func(string, error)) (*wal, error) {
	w := &wal{dir: dir, segmentBytes: segmentBytes, logErr: logErr, nextSeq: time.Now().UnixNano()}
	if err := w.rotateLocked(); err != nil {
		return nil, err
	}
	if syncEvery > 0 {
		w.stop, w.stopped = make(chan struct{}), make(chan struct{})
		go w.syncLoop(syncEvery)
	}
	return w, nil
}

func (w *wal) syncLoop(every time.Duration) {
	defer close(w.stopped)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-tick.C:
			if err := w.syncAll(); err != nil {
				w.logErr("write-ahead log sync failed", err)
			}
		}
	}
}

// rotateLocked makes a new active segment; the old one is flushed first, so
// a sync of the active file covers everything before it.
func (w *wal) rotateLocked() error {
	path := filepath.Join(w.dir, fmt.Sprintf("%s%020d%s", walPrefix, w.nextSeq, walSuffix))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("track: create write-ahead log segment: %w", err)
	}
	if err := syncDir(w.dir); err != nil {
		f.Close()
		_ = os.Remove(path)
		return fmt.Errorf("track: create write-ahead log segment: %w", err)
	}
	if w.active != nil {
		if err := w.active.f.Sync(); err != nil {
			f.Close()
			_ = os.Remove(path)
			return fmt.Errorf("track: flush write-ahead log segment: %w", err)
		}
	}
	w.nextSeq++
	w.active = &segment{path: path, f: f}
	w.segs = append(w.segs, w.active)
	return nil
}

// append writes one record and returns the log position after it, for sync,
// and the segment that holds it. A message record counts towards the
// segment's pending messages until resolve.
func (w *wal) append(kind byte, payload []byte) (end int64, seg *segment, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.broken != nil {
		return 0, nil, w.broken
	}
	seg = w.active
	w.frame = appendFrame(w.frame[:0], kind, payload)
	if n, err := seg.f.Write(w.frame); err != nil {
		// Undo a partial write, so later records stay readable.
		if terr := seg.f.Truncate(seg.size); terr != nil && n > 0 {
			w.broken = fmt.Errorf("track: write-ahead log is damaged and cannot take more records: %w", errors.Join(err, terr))
		}
		return 0, nil, fmt.Errorf("track: write-ahead log: %w", err)
	}
	if cap(w.frame) > 64<<10 {
		w.frame = nil // do not keep one huge message's buffer for ever
	}
	if kind == recMessage {
		seg.pending.Add(1)
	}
	seg.size += int64(frameHeader + 1 + len(payload))
	w.written += int64(frameHeader + 1 + len(payload))
	end = w.written
	if seg.size >= w.segmentBytes {
		if err := w.rotateLocked(); err != nil {
			w.logErr("write-ahead log rotation failed; the current segment keeps growing", err)
		}
	}
	return end, seg, nil
}

// sync returns once everything up to pos is on disk. Callers waiting at the
// same time share one fsync.
func (w *wal) sync(pos int64) error {
	if w.synced.Load() >= pos {
		return nil
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	if w.synced.Load() >= pos {
		return nil
	}
	return w.syncLocked()
}

func (w *wal) syncAll() error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	return w.syncLocked()
}

func (w *wal) syncLocked() error {
	w.mu.Lock()
	target, f := w.written, w.active.f
	w.mu.Unlock()
	if w.synced.Load() >= target {
		return nil
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("track: write-ahead log sync: %w", err)
	}
	w.syncs.Add(1)
	w.synced.Store(target)
	return nil
}

// logMessage records an accepted message; data is its JSON encoding.
func (w *wal) logMessage(data []byte) (end int64, seg *segment, err error) {
	return w.append(recMessage, data)
}

// withdraw records that the message logged in seg was not accepted after all.
func (w *wal) withdraw(id string, seg *segment) {
	if _, _, err := w.append(recWithdrawn, []byte(id)); err != nil {
		w.logErr("write-ahead log: recording a refused message failed; it may be sent after a crash", err)
	}
	w.release(seg)
}

// logBatch records that the loop cut these messages into batch b.
func (w *wal) logBatch(b Batch) {
	rec := walBatch{ID: b.ID, IDs: make([]string, len(b.Messages))}
	for i, m := range b.Messages {
		rec.IDs[i] = m.ID
	}
	data, _ := json.Marshal(rec) // strings only: cannot fail
	if _, _, err := w.append(recBatch, data); err != nil {
		w.logErr("write-ahead log: recording a batch failed; after a crash its messages may be sent in another batch", err)
	}
}

// delivered records messages a sink delivered ahead of their batch.
func (w *wal) delivered(ids []string, segs []*segment) {
	data, _ := json.Marshal(ids)
	if _, _, err := w.append(recDelivered, data); err != nil {
		w.logErr("write-ahead log: recording delivered messages failed; after a crash they may be sent again", err)
	}
	w.release(segs...)
}

// ack records that batch id is resolved, then lets go of its messages.
func (w *wal) ack(id string, segs []*segment) {
	if _, _, err := w.append(recAck, []byte(id)); err != nil {
		w.logErr("write-ahead log: recording an outcome failed; after a crash the batch may be sent again", err)
	}
	w.release(segs...)
}

// release counts messages as resolved and deletes the oldest segments once
// nothing in them (or before them) is pending.
func (w *wal) release(segs ...*segment) {
	for _, s := range segs {
		if s != nil {
			s.pending.Add(-1)
		}
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.segs) > 1 && w.segs[0].pending.Load() == 0 {
		old := w.segs[0]
		w.segs = w.segs[1:]
		_ = old.f.Close()
		if err := os.Remove(old.path); err != nil {
			w.logErr("write-ahead log: removing a finished segment failed", err)
		}
	}
}

// close stops the background flush, flushes what is left and closes the
// files. When nothing is pending any more the log is removed altogether.
func (w *wal) close() error {
	if w.stop != nil {
		close(w.stop)
		<-w.stopped
	}
	err := w.syncAll()
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	clean := true
	for _, s := range w.segs {
		if s.pending.Load() != 0 {
			clean = false
		}
	}
	for _, s := range w.segs {
		_ = s.f.Close()
		if clean {
			_ = os.Remove(s.path)
		}
	}
	w.segs, w.broken = nil, errors.New("track: write-ahead log is closed")
	return err
}

// isWALFile reports whether name is a log segment (or a set-aside one), so
// the spill loader leaves it alone.
func isWALFile(name string) bool { return strings.HasPrefix(name, walPrefix) }
