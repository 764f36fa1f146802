package transport

import (
	"context"
	"fmt"
	"io"
)

// cappedBody fails a read that goes past limit, so a misbehaving server
// cannot make the client buffer without bound. It also releases the
// attempt's timeout context when the caller closes the body.
type cappedBody struct {
	rc     io.ReadCloser
	left   int64
	limit  int64
	cancel context.CancelFunc
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Probe one byte: a body of exactly limit bytes is fine.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("response body exceeds %d bytes: raise the limit with option.WithMaxResponseBytes", b.limit)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error {
	err := b.rc.Close()
	if b.cancel != nil {
		b.cancel()
	}
	return err
}

// drain reads a little of a discarded body so the connection can be reused,
// then closes it.
func drain(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 64<<10))
	_ = rc.Close()
}
