package transport

import (
	"context"
	"fmt"
	"io"
)

// cappedBody fails a read that goes past limit, so a misbehaving server
// cannot make the client buffer without bound. It reports progress to the
// attempt's watchdog, and stops the watchdog (releasing the attempt's
// context) when the caller closes the body: stopping earlier would cut off
// a body the caller has not read yet.
type cappedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
	api   string
	wd    *watchdog
	ctx   context.Context // the attempt's: its cause names a timeout
	err   error           // sticky, so a retrying reader sees the cap every time
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.left <= 0 {
		// Probe one byte: a body of exactly limit bytes is fine.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			b.err = fmt.Errorf("%s: response body exceeds %d bytes: raise the limit with option.WithMaxResponseBytes", b.api, b.limit)
			return 0, b.err
		}
		return 0, b.explain(err)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if n > 0 && b.wd != nil {
		b.wd.progress()
	}
	return n, b.explain(err)
}

// explain replaces the bare "context canceled" of a read cut off by one of
// the client's time bounds with the bound that ran out.
func (b *cappedBody) explain(err error) error {
	if err == nil || err == io.EOF || b.ctx == nil {
		return err
	}
	if cause, ok := context.Cause(b.ctx).(*TimeoutError); ok {
		return fmt.Errorf("%s: reading the answer: %w", b.api, cause)
	}
	return err
}

func (b *cappedBody) Close() error {
	err := b.rc.Close()
	if b.wd != nil {
		b.wd.stop()
	}
	return err
}

// drain reads a little of a discarded body so the connection can be reused,
// then closes it. The bound keeps a huge error page from costing more than
// a new connection would.
func drain(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 64<<10))
	_ = rc.Close()
}
