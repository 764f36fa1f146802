package countserver

import (
	"bytes"
	"io"
)

// An import stream is NDJSON of Userpilot track rows, every line the same
// length, its user id carrying the row's sequence number in ten digits. The
// generator and the server share this file, so the server can check each
// line byte for byte without a JSON decoder in the way of the throughput
// being measured.
const (
	importPrefix = `{"event_type":"track","user_id":"u-`
	importSuffix = `","event_name":"Bench Imported","source":"backend-http-import","inserted_at":"2024-07-28T08:55:35.874555Z"}` + "\n"
	seqDigits    = 10
	// ImportLineLen is the length of every line of an import stream,
	// newline included.
	ImportLineLen = len(importPrefix) + seqDigits + len(importSuffix)
)

// ImportLines is how many whole lines fit in size bytes (at least one).
func ImportLines(size int64) int64 { return max(1, size/int64(ImportLineLen)) }

// NewImportStream returns a reader of lines rows numbered 0 to lines-1,
// generated as they are read: nothing is held in memory but one line.
func NewImportStream(lines int64) io.Reader {
	s := &importStream{lines: lines}
	copy(s.line[:], importPrefix)
	copy(s.line[len(importPrefix):], "0000000000")
	copy(s.line[len(importPrefix)+seqDigits:], importSuffix)
	return s
}

type importStream struct {
	line  [ImportLineLen]byte
	lines int64 // rows to produce
	next  int64 // row the current line holds, also in line's digits
	off   int   // bytes of the current line already read
}

func (s *importStream) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if s.next >= s.lines {
			if n == 0 {
				return 0, io.EOF
			}
			break
		}
		c := copy(p[n:], s.line[s.off:])
		n += c
		s.off += c
		if s.off == ImportLineLen {
			s.off = 0
			s.next++
			increment(s.line[len(importPrefix) : len(importPrefix)+seqDigits])
		}
	}
	return n, nil
}

// increment adds one to a run of decimal digits in place: cheaper than
// formatting each number, so the generator costs the sides little.
func increment(digits []byte) {
	for i := len(digits) - 1; i >= 0; i-- {
		if digits[i] != '9' {
			digits[i]++
			return
		}
		digits[i] = '0'
	}
}

// parseImportLine returns the sequence number of one line (newline
// included), or false if the line is not exactly what the generator writes.
func parseImportLine(line []byte) (int64, bool) {
	if len(line) != ImportLineLen ||
		!bytes.HasPrefix(line, []byte(importPrefix)) ||
		!bytes.HasSuffix(line, []byte(importSuffix)) {
		return 0, false
	}
	var v int64
	for _, d := range line[len(importPrefix) : len(importPrefix)+seqDigits] {
		if d < '0' || d > '9' {
			return 0, false
		}
		v = v*10 + int64(d-'0')
	}
	return v, true
}
