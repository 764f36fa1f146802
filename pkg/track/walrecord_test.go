package track

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func logOf(t *testing.T, records ...walRecord) []byte {
	t.Helper()
	var out []byte
	for _, r := range records {
		out = appendFrame(out, r.kind, r.payload)
	}
	return out
}

func messageRecord(t *testing.T, id string, props map[string]any) walRecord {
	t.Helper()
	data, err := json.Marshal(Message{ID: id, Type: TypeTrack, UserID: "u", Event: "e", Properties: props})
	if err != nil {
		t.Fatal(err)
	}
	return walRecord{kind: recMessage, payload: data}
}

// Frames are read up to the last intact one; an empty payload is a frame
// too; a tail shorter than a header, a length past the data or a checksum
// that does not match ends the readable part with a reason.
func TestDecodeFrames(t *testing.T) {
	whole := logOf(t, walRecord{kind: recAck, payload: nil}, walRecord{kind: recWithdrawn, payload: []byte("m1")})
	recs, n, err := decodeFrames(whole)
	if err != nil || n != len(whole) || len(recs) != 2 || recs[0].kind != recAck || len(recs[0].payload) != 0 || string(recs[1].payload) != "m1" {
		t.Fatalf("decodeFrames(two frames) = %+v, %d, %v", recs, n, err)
	}
	if recs, n, err := decodeFrames(appendFrame(nil, recAck, nil)); err != nil || n != frameHeader+1 || len(recs) != 1 {
		t.Errorf("a last frame with an empty payload: %d records, %d bytes, %v", len(recs), n, err)
	}
	first := frameHeader + 1
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"tail shorter than a header": {whole[:first+5], "fewer than a frame header"},
		"tail one short of a frame":  {whole[:first+frameHeader], "fewer than a frame header"},
		"length past the data":       {whole[:len(whole)-1], "does not fit"},
		"checksum":                   {append(append([]byte{}, whole[:len(whole)-1]...), 'X'), "checksum"},
	} {
		recs, n, err := decodeFrames(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) || n != first || len(recs) != 1 {
			t.Errorf("%s: %d records, %d bytes, %v; want the first frame and an error saying %q", name, len(recs), n, err, tc.want)
		}
	}
}

// Messages never cut into a batch are cut again by the limits of the run
// that recovers them: exactly up to the count, and exactly up to the bytes.
func TestRecoveredLooseMessagesAreCutByTheLimits(t *testing.T) {
	rec := newWALRecovery()
	var size int
	for i := range 7 {
		r := messageRecord(t, fmt.Sprintf("m%d", i), map[string]any{"n": i})
		size = len(r.payload)
		if err := rec.add(r); err != nil {
			t.Fatal(err)
		}
	}
	sizes := func(bs []Batch) string {
		var out []int
		for _, b := range bs {
			out = append(out, len(b.Messages))
		}
		return fmt.Sprint(out)
	}
	if got := sizes(rec.unresolved(3, 1<<20)); got != "[3 3 1]" {
		t.Errorf("by count: %s, want [3 3 1]", got)
	}
	if got := sizes(rec.unresolved(100, 2*size)); got != "[2 2 2 1]" {
		t.Errorf("by bytes: %s, want [2 2 2 1]", got)
	}
	if got := sizes(rec.unresolved(100, 2*size-1)); got != "[1 1 1 1 1 1 1]" {
		t.Errorf("by bytes one short: %s, want one a batch", got)
	}
}

// Outcomes recorded in the log take messages out of recovery: an acked
// batch, messages delivered ahead of their batch, withdrawn messages. A
// batch cut but not resolved comes back under its ID with what is left.
func TestRecoveryHonoursRecordedOutcomes(t *testing.T) {
	var recs []walRecord
	for i := range 6 {
		recs = append(recs, messageRecord(t, fmt.Sprintf("m%d", i), nil))
	}
	batch := func(id string, ids ...string) walRecord {
		data, _ := json.Marshal(walBatch{ID: id, IDs: ids})
		return walRecord{kind: recBatch, payload: data}
	}
	recs = append(recs,
		batch("b1", "m0", "m1"), walRecord{kind: recAck, payload: []byte("b1")},
		batch("b2", "m2", "m3"), walRecord{kind: recDelivered, payload: []byte(`["m2"]`)},
		walRecord{kind: recWithdrawn, payload: []byte("m4")})
	rec := newWALRecovery()
	frames, _, err := decodeFrames(logOf(t, recs...))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if err := rec.add(f); err != nil {
			t.Fatalf("add %q: %v", f.kind, err)
		}
	}
	got := rec.unresolved(100, 1<<20)
	if len(got) != 2 || got[0].ID != "b2" || len(got[0].Messages) != 1 || got[0].Messages[0].ID != "m3" ||
		len(got[1].Messages) != 1 || got[1].Messages[0].ID != "m5" {
		t.Errorf("unresolved = %+v, want b2 with m3, then a new batch with m5", got)
	}
	for _, bad := range []walRecord{
		{kind: recMessage, payload: []byte("{")}, {kind: recMessage, payload: []byte(`{"type":"track"}`)},
		{kind: recBatch, payload: []byte("[")}, {kind: recBatch, payload: []byte(`{"ids":["m1"]}`)},
		{kind: recDelivered, payload: []byte("{")}, {kind: 'z'},
	} {
		if err := newWALRecovery().add(bad); err == nil {
			t.Errorf("record %q %s accepted", bad.kind, bad.payload)
		}
	}
}
