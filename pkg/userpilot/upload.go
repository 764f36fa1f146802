package userpilot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"sync"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// errUploadEnded unblocks an upload's writer once its request is over.
var errUploadEnded = errors.New("userpilot: upload request ended")

// upload is a multipart/form-data body with a single "file" field whose
// content is produced by write while the request is being sent: the body
// goes through an io.Pipe and is never held in memory.
type upload struct {
	filename    string
	contentType string
	// write produces the file content. If rewind is set the upload can be
	// replayed: rewind resets the source so that write produces the same
	// bytes again, which lets the transport retry the request.
	write  func(w io.Writer) error
	rewind func()
	// size is the exact number of bytes write produces, or -1. When it is
	// known the request carries a Content-Length instead of being chunked,
	// which some proxies and servers insist on.
	size int64
}

// sendFunc is one of the generated ...WithBody calls.
type sendFunc func(ctx context.Context, contentType string, body io.Reader, editors ...gen.RequestEditorFn) error

// send streams up. The writer runs in its own goroutine; whatever the
// outcome, send returns only after it has stopped.
func (up upload) send(ctx context.Context, do sendFunc) error {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	var mu sync.Mutex
	var current *attempt
	start := func() io.ReadCloser {
		a := up.start(boundary)
		mu.Lock()
		current = a
		mu.Unlock()
		return a.body
	}
	var editors []gen.RequestEditorFn
	if up.size >= 0 {
		length := up.framingSize(boundary) + up.size
		editors = append(editors, func(_ context.Context, req *http.Request) error {
			req.ContentLength = length
			return nil
		})
	}
	if up.rewind != nil {
		editors = append(editors, func(_ context.Context, req *http.Request) error {
			// A retry needs the same bytes again: stop the previous writer,
			// rewind the source and start over.
			req.GetBody = func() (io.ReadCloser, error) {
				mu.Lock()
				prev := current
				mu.Unlock()
				prev.stop()
				up.rewind()
				return start(), nil
			}
			return nil
		})
	}
	body := start()
	err := do(ctx, "multipart/form-data; boundary="+boundary, body, editors...)
	mu.Lock()
	last := current
	mu.Unlock()
	if werr := last.stop(); werr != nil {
		// The source failed (a bad record, a read error): that is the
		// cause, whatever the request made of its truncated body.
		return werr
	}
	if errors.Is(err, transport.ErrBodyNotReplayable) {
		// The transport would have retried a replayable request.
		return fmt.Errorf("userpilot: the upload was not retried because its body is a stream that cannot be replayed; send it again from the start: %w", err)
	}
	return err
}

// attempt is one run of an upload's writer.
type attempt struct {
	body *io.PipeReader
	done chan error
	err  error
	once sync.Once
}

// framingSize is the number of bytes the multipart envelope adds around
// the file content.
func (up upload) framingSize(boundary string) int64 {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.SetBoundary(boundary)
	_, _ = mw.CreatePart(up.header())
	_ = mw.Close()
	return int64(buf.Len())
}

func (up upload) header() textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, escapeQuotes(up.filename)))
	h.Set("Content-Type", up.contentType)
	return h
}

func (up upload) start(boundary string) *attempt {
	pr, pw := io.Pipe()
	a := &attempt{body: pr, done: make(chan error, 1)}
	go func() {
		mw := multipart.NewWriter(pw)
		_ = mw.SetBoundary(boundary)
		err := func() error {
			part, err := mw.CreatePart(up.header())
			if err != nil {
				return err
			}
			if err := up.write(part); err != nil {
				return err
			}
			return mw.Close()
		}()
		pw.CloseWithError(err) // nil closes with io.EOF
		a.done <- err
	}()
	return a
}

// stop ends the attempt and returns the writer's own error, if the writer
// failed for a reason other than the request having ended.
func (a *attempt) stop() error {
	a.once.Do(func() {
		a.body.CloseWithError(errUploadEnded)
		err := <-a.done
		if errors.Is(err, errUploadEnded) || errors.Is(err, io.ErrClosedPipe) {
			err = nil
		}
		a.err = err
	})
	return a.err
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }
