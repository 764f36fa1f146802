package track

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// FuzzDecodeSpilled feeds spill-file decoding arbitrary bytes: it must never
// panic, and what it accepts must be a batch the Tracker can replay (an ID,
// at least one message, every message with an ID) that survives a round
// trip through the encoder unchanged.
func FuzzDecodeSpilled(f *testing.F) {
	good, _ := json.Marshal(newBatch([]Message{{ID: "m1", Type: TypeTrack, UserID: "u", Event: "e", Timestamp: time.Unix(1, 0).UTC()}}))
	f.Add(good)
	f.Add([]byte(`{"id":"b","messages":[]}`))
	f.Add([]byte(`{"id":"","messages":[{"id":"m"}]}`))
	f.Add([]byte(`{"id":"b","messages":[{"type":"track"}]}`))
	f.Add([]byte(`{"id":"b","messages":[{"id":"m","properties":{"n":1e400}}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeSpilled(data)
		if err != nil {
			return
		}
		if b.ID == "" || len(b.Messages) == 0 {
			t.Fatalf("accepted a batch the Tracker cannot replay: %+v", b)
		}
		for _, m := range b.Messages {
			if m.ID == "" {
				t.Fatalf("accepted a message without an id: %+v", m)
			}
		}
		again, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("accepted batch does not encode: %v", err)
		}
		b2, err := decodeSpilled(again)
		if err != nil {
			t.Fatalf("re-encoded batch no longer decodes: %v", err)
		}
		if b2.ID != b.ID || len(b2.Messages) != len(b.Messages) {
			t.Fatalf("round trip changed the batch: %+v -> %+v", b, b2)
		}
	})
}

// FuzzWALFrames feeds the write-ahead log reader arbitrary bytes: it must
// never panic or read past the data, the frames it returns must re-encode to
// exactly the bytes it consumed, and replaying their records must not panic.
func FuzzWALFrames(f *testing.F) {
	msg, _ := json.Marshal(Message{ID: "m1", Type: TypeTrack, UserID: "u", Event: "e"})
	batch, _ := json.Marshal(walBatch{ID: "b1", IDs: []string{"m1"}})
	var log []byte
	log = appendFrame(log, recMessage, msg)
	log = appendFrame(log, recBatch, batch)
	log = appendFrame(log, recDelivered, []byte(`["m1"]`))
	log = appendFrame(log, recAck, []byte("b1"))
	log = appendFrame(log, recWithdrawn, []byte("m2"))
	f.Add(log)
	f.Add(log[:len(log)-3])
	f.Add(appendFrame(nil, 'z', []byte("unknown kind")))
	f.Add(appendFrame(nil, recMessage, []byte("{not json")))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 'm'})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, n, err := decodeFrames(data)
		if n < 0 || n > len(data) || (err == nil && n != len(data)) {
			t.Fatalf("consumed %d of %d bytes (err %v)", n, len(data), err)
		}
		var again []byte
		rec := newWALRecovery()
		for _, r := range recs {
			again = appendFrame(again, r.kind, r.payload)
			_ = rec.add(r)
		}
		if !bytes.Equal(again, data[:n]) {
			t.Fatal("frames do not re-encode to the bytes they were read from")
		}
		for _, b := range rec.unresolved(3, 1<<20) {
			if b.ID == "" || len(b.Messages) == 0 {
				t.Fatalf("recovery produced an unusable batch %+v", b)
			}
		}
	})
}
