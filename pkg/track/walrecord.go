package track

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
)

// The write-ahead log is a sequence of frames:
//
//	length uint32 LE | crc32c(kind+payload) uint32 LE | kind byte | payload
//
// length counts kind and payload. A frame that is cut short or fails its
// checksum ends the readable part of a segment: it is what a crash in the
// middle of a write (or a bad disk) leaves behind.
const (
	recMessage   byte = 'm' // payload: the Message as JSON
	recBatch     byte = 'b' // payload: walBatch as JSON: the loop cut these messages into this batch
	recAck       byte = 'a' // payload: a batch ID: the batch is resolved (delivered, failed or in a spill file)
	recDelivered byte = 'd' // payload: JSON array of message IDs a sink delivered ahead of the rest of their batch
	recWithdrawn byte = 'w' // payload: a message ID Enqueue logged but then did not accept
)

const frameHeader = 8

// maxFrame bounds a frame's length so that a corrupt length field cannot
// make the reader allocate without limit.
const maxFrame = 256 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type walBatch struct {
	ID  string   `json:"id"`
	IDs []string `json:"ids"`
}

type walRecord struct {
	kind    byte
	payload []byte
}

// appendFrame appends one frame to dst.
func appendFrame(dst []byte, kind byte, payload []byte) []byte {
	var hdr [frameHeader + 1]byte
	binary.LittleEndian.PutUint32(hdr[0:4], uint32(len(payload)+1))
	crc := crc32.Update(crc32.Checksum([]byte{kind}, castagnoli), castagnoli, payload)
	binary.LittleEndian.PutUint32(hdr[4:8], crc)
	hdr[8] = kind
	dst = append(dst, hdr[:]...)
	return append(dst, payload...)
}

// errTornFrame marks the end of the readable part of a segment.
var errTornFrame = errors.New("frame cut short or damaged")

// decodeFrames returns the intact frames at the start of data and the
// number of bytes they cover. err is non-nil when data holds more after
// them that cannot be read.
func decodeFrames(data []byte) (recs []walRecord, n int, err error) {
	for n < len(data) {
		rest := data[n:]
		if len(rest) < frameHeader+1 {
			return recs, n, fmt.Errorf("%w: %d bytes left at offset %d, fewer than a frame header", errTornFrame, len(rest), n)
		}
		length := binary.LittleEndian.Uint32(rest[0:4])
		if length == 0 || length > maxFrame || int64(length) > int64(len(rest)-frameHeader) {
			return recs, n, fmt.Errorf("%w: length %d at offset %d does not fit", errTornFrame, length, n)
		}
		body := rest[frameHeader : frameHeader+int(length)]
		if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(rest[4:8]) {
			return recs, n, fmt.Errorf("%w: checksum mismatch at offset %d", errTornFrame, n)
		}
		recs = append(recs, walRecord{kind: body[0], payload: body[1:]})
		n += frameHeader + int(length)
	}
	return recs, n, nil
}

// walRecovery rebuilds, from the records of every segment in order, which
// accepted messages were never resolved and how they were batched.
type walRecovery struct {
	order    []string
	msgs     map[string]Message
	sizes    map[string]int
	batches  []walBatch
	acked    map[string]bool
	resolved map[string]bool // delivered ahead of their batch, or withdrawn
}

func newWALRecovery() *walRecovery {
	return &walRecovery{msgs: map[string]Message{}, sizes: map[string]int{}, acked: map[string]bool{}, resolved: map[string]bool{}}
}

// add applies one record. A record whose payload cannot be decoded is an
// error: its frame passed the checksum, so it was written that way.
func (r *walRecovery) add(rec walRecord) error {
	switch rec.kind {
	case recMessage:
		var m Message
		if err := json.Unmarshal(rec.payload, &m); err != nil {
			return fmt.Errorf("message record: %w", err)
		}
		if m.ID == "" {
			return errors.New("message record without an id")
		}
		if _, seen := r.msgs[m.ID]; !seen {
			r.order = append(r.order, m.ID)
		}
		r.msgs[m.ID] = m
		r.sizes[m.ID] = len(rec.payload)
	case recBatch:
		var b walBatch
		if err := json.Unmarshal(rec.payload, &b); err != nil {
			return fmt.Errorf("batch record: %w", err)
		}
		if b.ID == "" {
			return errors.New("batch record without an id")
		}
		r.batches = append(r.batches, b)
	case recAck:
		r.acked[string(rec.payload)] = true
	case recDelivered:
		var ids []string
		if err := json.Unmarshal(rec.payload, &ids); err != nil {
			return fmt.Errorf("delivered record: %w", err)
		}
		for _, id := range ids {
			r.resolved[id] = true
		}
	case recWithdrawn:
		r.resolved[string(rec.payload)] = true
	default:
		return fmt.Errorf("unknown record kind %q", rec.kind)
	}
	return nil
}

// unresolved returns the batches still owed to the sink: those the loop had
// cut, under their original IDs (so a resend is recognised by the API), then
// the messages never batched, cut by the given limits.
func (r *walRecovery) unresolved(maxMessages, maxBytes int) []Batch {
	claimed := map[string]bool{}
	var out []Batch
	for _, b := range r.batches {
		var msgs []Message
		for _, id := range b.IDs {
			m, known := r.msgs[id]
			if claimed[id] {
				continue
			}
			claimed[id] = true
			if known && !r.acked[b.ID] && !r.resolved[id] {
				msgs = append(msgs, m)
			}
		}
		if len(msgs) > 0 {
			out = append(out, Batch{ID: b.ID, Messages: msgs})
		}
	}
	var loose []Message
	size := 0
	flush := func() {
		if len(loose) > 0 {
			out = append(out, newBatch(loose))
			loose, size = nil, 0
		}
	}
	for _, id := range r.order {
		if claimed[id] || r.resolved[id] {
			continue
		}
		if len(loose) > 0 && size+r.sizes[id] > maxBytes {
			flush()
		}
		loose = append(loose, r.msgs[id])
		size += r.sizes[id]
		if len(loose) >= maxMessages {
			flush()
		}
	}
	flush()
	return out
}
