package userpilot

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
)

// lineSource yields records as NDJSON lines, one at a time, with one line
// of lookahead so a request can stop before the record that would break
// its limits.
type lineSource struct {
	next   func() ([]byte, error) // the next line, or io.EOF
	label  func(pos int) string   // names the record at pos in errors
	rewind func(pos int)          // back to record pos; nil if not replayable
	pos    int                    // records consumed so far

	peeked  bool
	line    []byte
	lineErr error
}

func (s *lineSource) peek() ([]byte, error) {
	if !s.peeked {
		s.line, s.lineErr = s.next()
		s.peeked = true
	}
	return s.line, s.lineErr
}

func (s *lineSource) advance() {
	s.peeked, s.line, s.lineErr = false, nil, nil
	s.pos++
}

func (s *lineSource) name() string { return s.label(s.pos) }

// encodeLine renders a record as one NDJSON line.
func encodeLine(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// sliceSource encodes records of a slice on demand; it can be rewound, so
// requests built from it can be retried.
func sliceSource[T any](items []T, what string, check func(string, *T) error) *lineSource {
	src := &lineSource{label: func(pos int) string { return fmt.Sprintf("%s[%d]", what, pos) }}
	src.next = func() ([]byte, error) {
		if src.pos >= len(items) {
			return nil, io.EOF
		}
		rec := items[src.pos]
		if err := check(src.name(), &rec); err != nil {
			return nil, err
		}
		return encodeLine(rec)
	}
	src.rewind = func(pos int) {
		src.pos = pos
		src.peeked, src.line, src.lineErr = false, nil, nil
	}
	return src
}

// seqSource pulls records from a sequence. Call stop when done.
func seqSource[T any](seq iter.Seq2[T, error], what string, check func(string, *T) error) (*lineSource, func()) {
	next, stop := iter.Pull2(seq)
	src := &lineSource{label: func(pos int) string { return fmt.Sprintf("%s[%d]", what, pos) }}
	src.next = func() ([]byte, error) {
		rec, err, ok := next()
		if !ok {
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("userpilot: reading %s: %w", src.name(), err)
		}
		if err := check(src.name(), &rec); err != nil {
			return nil, err
		}
		return encodeLine(rec)
	}
	return src, stop
}

// ndjsonSource reads one record per line. Each line is decoded and checked
// like a record passed in a slice, then sent as it was written.
func ndjsonSource[T any](r io.Reader, check func(string, *T) error) *lineSource {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	src := &lineSource{}
	src.label = func(int) string { return fmt.Sprintf("line %d", line) }
	src.next = func() ([]byte, error) {
		for {
			raw, err := readLine(br, MaxBulkBytes)
			if len(raw) > 0 {
				line++
			}
			if errors.Is(err, errLineTooLong) {
				return nil, &ValidationError{Field: src.name(), Problem: fmt.Sprintf("is longer than %d bytes", MaxBulkBytes), Fix: "a bulk file may not exceed 50 MB; shrink the record's metadata"}
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("userpilot: reading %s: %w", src.name(), err)
			}
			trimmed := bytes.TrimSpace(raw)
			if len(trimmed) == 0 {
				if err != nil {
					return nil, io.EOF
				}
				continue // blank lines carry nothing
			}
			var rec T
			if jerr := json.Unmarshal(trimmed, &rec); jerr != nil {
				return nil, &ValidationError{Field: src.name(), Problem: "is not a JSON object of the expected shape: " + jerr.Error(), Fix: "write one JSON object per line"}
			}
			if cerr := check(src.name(), &rec); cerr != nil {
				return nil, cerr
			}
			return append(trimmed, '\n'), nil
		}
	}
	return src
}

var errLineTooLong = errors.New("line too long")

// readLine reads up to and including the next '\n', failing once the line
// exceeds limit so one endless line cannot exhaust memory.
func readLine(br *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > limit {
			return nil, errLineTooLong
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}
