package track_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
)

func walFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*", "wal-*"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// A Tracker abandoned without Close (as a crash would) leaves its accepted
// messages in the log; the next start delivers each of them once, in the
// batches the first run had cut (same IDs), and a clean Close leaves no log.
func TestWriteAheadLogReplaysWhatACrashLeft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		stuck := &recordingSink{gate: make(chan struct{})} // holds batches in flight
		tr, err := track.New(stuck, track.WithSpillDir(dir), track.WithBatchSize(4), track.WithConcurrency(1))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			if err := tr.Enqueue(context.Background(), event("u", i)); err != nil {
				t.Fatal(err)
			}
		}
		synctest.Wait() // one batch of 4 in flight, one cut and waiting, 2 pending
		if len(walFiles(t, dir)) != 1 {
			t.Fatalf("log files = %v, want one segment", walFiles(t, dir))
		}
		crashed := copyDir(t, dir) // what a SIGKILL at this moment leaves on disk
		close(stuck.gate)
		closeOK(t, tr)
		if files := walFiles(t, dir); len(files) != 0 {
			t.Errorf("a clean Close left %v", files)
		}
		first := stuck.batchIDs()

		again := &recordingSink{}
		tr2, err := track.New(again, track.WithSpillDir(crashed), track.WithBatchSize(4))
		if err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr2)
		if st := tr2.Stats(); st.Replayed != 10 || st.Sent != 10 {
			t.Errorf("restart stats = %+v, want the 10 messages replayed and sent", st)
		}
		seen := map[float64]int{}
		for _, m := range again.messages() {
			seen[m.Properties["n"].(float64)]++
		}
		if len(seen) != 10 {
			t.Errorf("replayed %v, want each of the 10 messages once", seen)
		}
		replayed := again.batchIDs()
		if !slices.Contains(replayed, first[0]) || !slices.Contains(replayed, first[1]) {
			t.Errorf("replayed batch ids %v, want the first run's cut batches %v among them", replayed, first[:2])
		}
		if files := walFiles(t, crashed); len(files) != 0 {
			t.Errorf("the restart left log files %v", files)
		}
	})
}

// Segments roll over at their size limit, and a segment is removed once
// everything in it (and before it) is resolved, so the log does not grow.
func TestWriteAheadLogSegmentsAreRemovedOnceResolved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		sink := &recordingSink{}
		tr, err := track.New(sink, track.WithSpillDir(dir), track.WithBatchSize(10), track.WithSegmentBytesForTest(2048))
		if err != nil {
			t.Fatal(err)
		}
		most := 0
		for i := range 200 {
			if err := tr.Enqueue(context.Background(), event("u", i)); err != nil {
				t.Fatalf("Enqueue %d: %v", i, err)
			}
			if i%25 == 24 {
				if err := tr.Flush(within(t, time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			most = max(most, len(walFiles(t, dir)))
		}
		if err := tr.Flush(within(t, time.Hour)); err != nil {
			t.Fatal(err)
		}
		if most < 2 {
			t.Errorf("at most %d segment files: 200 messages of ~150 bytes must roll over 2 KiB segments", most)
		}
		if n := len(walFiles(t, dir)); n > 2 {
			t.Errorf("%d segment files once everything was delivered, want only the active one(s)", n)
		}
		closeOK(t, tr)
	})
}

// A torn tail (a crash in the middle of a write) costs only the record
// being written: what came before is replayed, and the file kept aside.
func TestWriteAheadLogTornTail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		stuck := &recordingSink{gate: make(chan struct{})}
		tr, err := track.New(stuck, track.WithSpillDir(dir), track.WithBatchSize(100))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			_ = tr.Enqueue(context.Background(), event("u", i))
		}
		crashed := copyDir(t, dir)
		close(stuck.gate)
		closeOK(t, tr)

		seg := walFiles(t, crashed)[0]
		data, err := os.ReadFile(seg)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(seg, data[:len(data)-5], 0o600); err != nil { // the last record cut short
			t.Fatal(err)
		}
		again := &recordingSink{}
		tr2, err := track.New(again, track.WithSpillDir(crashed))
		if err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr2)
		if n := len(again.messages()); n != 2 {
			t.Errorf("replayed %d messages, want the 2 intact ones", n)
		}
		if kept, _ := filepath.Glob(seg + ".corrupt"); len(kept) != 1 {
			t.Errorf("the damaged segment was not kept aside as .corrupt")
		}
	})
}

// Messages Enqueue refused after logging them (queue full, caller gone,
// Close) are withdrawn from the log: a restart must not send what the
// caller was told was not accepted.
func TestWriteAheadLogForgetsRefusedMessages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		stuck := &recordingSink{gate: make(chan struct{})}
		tr, err := track.New(stuck, track.WithSpillDir(dir), track.WithBatchSize(1), track.WithConcurrency(1), track.WithQueueCapacity(1))
		if err != nil {
			t.Fatal(err)
		}
		accepted := 0
		for i := range 10 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			if err := tr.Enqueue(ctx, event("u", i)); err == nil {
				accepted++
			} else if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatal(err)
			}
			cancel()
		}
		crashed := copyDir(t, dir)
		close(stuck.gate)
		closeOK(t, tr)

		again := &recordingSink{}
		tr2, err := track.New(again, track.WithSpillDir(crashed))
		if err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr2)
		if n := len(again.messages()); n != accepted {
			t.Errorf("restart sent %d messages, want the %d accepted", n, accepted)
		}
	})
}

// DurableSync and DurableBatch keep their log in the spill directory.
func TestDurabilityNeedsASpillDir(t *testing.T) {
	t.Parallel()
	for _, d := range []track.Durability{track.DurableBatch, track.DurableSync} {
		if _, err := track.New(&recordingSink{}, track.WithDurability(d)); err == nil || !strings.Contains(err.Error(), "WithSpillDir") {
			t.Errorf("%s without a spill dir: %v, want an error naming WithSpillDir", d, err)
		}
	}
	if _, err := track.New(&recordingSink{}, track.WithDurability(track.Durability(42))); err == nil {
		t.Error("an unknown durability mode was accepted")
	}
	if _, err := track.New(&recordingSink{}, track.WithSyncInterval(0)); err == nil {
		t.Error("WithSyncInterval(0) accepted")
	}
	// MemoryOnly with a spill dir writes no log.
	dir := t.TempDir()
	stuck := &recordingSink{gate: make(chan struct{})}
	tr, err := track.New(stuck, track.WithSpillDir(dir), track.WithDurability(track.MemoryOnly))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	if files := walFiles(t, dir); len(files) != 0 {
		t.Errorf("MemoryOnly wrote %v", files)
	}
	close(stuck.gate)
	closeOK(t, tr)
	if got := track.DurableSync.String() + track.Durability(0).String(); got != "DurableSyncDurability(invalid)" {
		t.Errorf("String() = %q", got)
	}
}

// copyDir copies a spill directory as it is now, as if the process died.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		if d.Name() == ".lock" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// DurableSync syncs the log before each Enqueue returns; DurableBatch leaves
// that to its background flush, every sync interval, and only when
// something was written.
func TestDurabilityModesSyncWhenTheySay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stuck := &recordingSink{gate: make(chan struct{})}
		syncing, err := track.New(stuck, track.WithSpillDir(t.TempDir()), track.WithDurability(track.DurableSync))
		if err != nil {
			t.Fatal(err)
		}
		batching, err := track.New(namedSink{"other", stuck}, track.WithSpillDir(t.TempDir()), track.WithSyncInterval(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			_ = syncing.Enqueue(context.Background(), event("u", i))
			if n := track.SyncsForTest(syncing); n != int64(i+1) {
				t.Fatalf("DurableSync: %d fsyncs after %d Enqueue calls, want one each", n, i+1)
			}
			_ = batching.Enqueue(context.Background(), event("u", i))
		}
		if n := track.SyncsForTest(batching); n != 0 {
			t.Errorf("DurableBatch synced %d times before its interval passed", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if n := track.SyncsForTest(batching); n != 1 {
			t.Errorf("DurableBatch synced %d times after one interval, want 1", n)
		}
		time.Sleep(3 * time.Second) // nothing new was written
		synctest.Wait()
		if n := track.SyncsForTest(batching); n != 1 {
			t.Errorf("DurableBatch synced %d times with nothing to sync, want still 1", n)
		}
		close(stuck.gate)
		closeOK(t, syncing)
		closeOK(t, batching)
	})
}
