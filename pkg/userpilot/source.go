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

// lineSource yields the records of a streamed bulk update (an iterator or
// a reader) encoded as JSON, one at a time, with one record of lookahead
// so a request can stop before the record that would break its limits.
type lineSource struct {
	next  func() ([]byte, error) // the next record, or io.EOF
	label func(pos int) string   // names the record at pos in errors
	pos   int                    // records consumed so far

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

// encodeRecord checks one record and renders it as compact JSON.
func encodeRecord[T any](name string, rec T, check func(string, *T) error) ([]byte, error) {
	if err := check(name, &rec); err != nil {
		return nil, err
	}
	return json.Marshal(rec)
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
		return encodeRecord(src.name(), rec, check)
	}
	return src, stop
}

// ndjsonSource reads one record per line. Each line is decoded and checked
// like a record passed in a slice, then sent as it was written (so nothing
// the line holds is lost, big integers included).
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
				line++
				return nil, &ValidationError{API: apiName, Field: src.name(), Problem: fmt.Sprintf("is longer than %d bytes", MaxBulkBytes), Fix: "a bulk request may not exceed 50 MB; shrink the record's metadata"}
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
			if jerr := json.Unmarshal(trimmed, &rec); jerr != nil || trimmed[0] != '{' {
				msg := "is not a JSON object"
				if jerr != nil {
					msg += " of the expected shape: " + jerr.Error()
				}
				return nil, &ValidationError{API: apiName, Field: src.name(), Problem: msg, Fix: "write one JSON object per line"}
			}
			if cerr := check(src.name(), &rec); cerr != nil {
				return nil, cerr
			}
			return trimmed, nil
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
		if len(line)+len(chunk) > limit {
			return nil, errLineTooLong
		}
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// skipLine discards the rest of a line that readLine gave up on, without
// holding it.
func skipLine(br *bufio.Reader) error {
	for {
		_, err := br.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}
