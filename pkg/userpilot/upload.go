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

	"github.com/cdpkit/cdpkit"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// errUploadEnded unblocks a body's writer once its request is over.
var errUploadEnded = errors.New("userpilot: upload request ended")

// streamedBody is a request body produced by write while the request is
// being sent: it goes through an io.Pipe and is never held in memory.
type streamedBody struct {
	contentType string
	// size is the exact number of bytes write produces, or -1. A known size
	// goes out as Content-Length instead of a chunked body, which some
	// proxies and servers insist on.
	size int64
	// write produces the whole body from its start.
	write func(w io.Writer) error
	// replayable says that write may run again, even while an earlier run
	// is still going, and then produces the same bytes. Such a body gets a
	// GetBody that, as net/http requires, returns a fresh copy and leaves
	// the live one alone, so retries, redirects and HTTP clients that take
	// a copy of the body all work.
	replayable bool
	// abort, if set, unblocks a write stuck reading the caller's source
	// (by closing it) once the request has failed.
	abort func()
}

// sendFunc is one of the generated ...WithBody calls.
type sendFunc func(ctx context.Context, contentType string, body io.Reader, editors ...gen.RequestEditorFn) error

// send streams b. Every writer it starts has stopped when it returns.
func (b streamedBody) send(ctx context.Context, do sendFunc) error {
	var mu sync.Mutex
	var runs []*attempt
	open := func() io.ReadCloser {
		a := startAttempt(b.write)
		mu.Lock()
		runs = append(runs, a)
		mu.Unlock()
		return a.body
	}
	var editors []gen.RequestEditorFn
	if b.size >= 0 {
		editors = append(editors, func(_ context.Context, req *http.Request) error {
			req.ContentLength = b.size
			return nil
		})
	}
	if b.replayable {
		editors = append(editors, func(_ context.Context, req *http.Request) error {
			req.GetBody = func() (io.ReadCloser, error) { return open(), nil }
			return nil
		})
	}
	err := do(ctx, b.contentType, open(), editors...)
	if err != nil && b.abort != nil {
		b.abort()
	}
	mu.Lock()
	all := runs
	mu.Unlock()
	var werr error
	for _, a := range all {
		if e := a.stop(); e != nil && werr == nil {
			werr = e
		}
	}
	if werr != nil {
		// The source failed (a bad record, a read error): that is the
		// cause, whatever the request made of its truncated body.
		return werr
	}
	if errors.Is(err, cdpkit.ErrBodyNotReplayable) {
		// The transport would have retried a replayable request.
		return fmt.Errorf("userpilot: the upload was not retried because its body is a stream that cannot be replayed; send it again from the start: %w", err)
	}
	return err
}

// attempt is one run of a body's writer.
type attempt struct {
	body *io.PipeReader
	done chan error
	err  error
	once sync.Once
}

func startAttempt(write func(io.Writer) error) *attempt {
	pr, pw := io.Pipe()
	a := &attempt{body: pr, done: make(chan error, 1)}
	go func() {
		err := write(pw)
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

// asFile wraps b, the content of a file, as a multipart/form-data body
// with the single field "file", keeping b's size (plus the framing) and
// its ability to be replayed.
func (b streamedBody) asFile(filename, contentType string) streamedBody {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	header := textproto.MIMEHeader{}
	header.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, escapeQuotes(filename)))
	header.Set("Content-Type", contentType)
	file := streamedBody{
		contentType: "multipart/form-data; boundary=" + boundary,
		size:        -1,
		replayable:  b.replayable,
		abort:       b.abort,
		write: func(w io.Writer) error {
			mw := multipart.NewWriter(w)
			_ = mw.SetBoundary(boundary)
			part, err := mw.CreatePart(header)
			if err != nil {
				return err
			}
			if err := b.write(part); err != nil {
				return err
			}
			return mw.Close()
		},
	}
	if b.size >= 0 {
		var framing bytes.Buffer
		mw := multipart.NewWriter(&framing)
		_ = mw.SetBoundary(boundary)
		_, _ = mw.CreatePart(header)
		_ = mw.Close()
		file.size = int64(framing.Len()) + b.size
	}
	return file
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }
