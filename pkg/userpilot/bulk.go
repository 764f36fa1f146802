package userpilot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Limits of one bulk request, as Userpilot documents them: 10,000 records,
// and 50 MB (read as 50,000,000 bytes, the stricter reading) for the JSON
// body, or for the NDJSON file of an upload.
const (
	MaxBulkRecords = 10_000
	MaxBulkBytes   = 50_000_000
)

// BulkResult describes a bulk update whose records were all accepted.
type BulkResult struct {
	// Records is how many records were sent.
	Records int
	// Jobs has one job per request, in order. Userpilot runs one bulk job
	// at a time, so every job but the last has already finished; wait for
	// the last one with Jobs.Wait.
	Jobs []Job
}

// LastJob returns the job of the final request, or a zero Job if there was
// none.
func (r *BulkResult) LastJob() Job {
	if r == nil || len(r.Jobs) == 0 {
		return Job{}
	}
	return r.Jobs[len(r.Jobs)-1]
}

// BulkError reports a bulk update that stopped part-way.
type BulkError struct {
	// Accepted is how many records were accepted by earlier requests; skip
	// that many to resume.
	Accepted int
	// Jobs are the jobs of the accepted requests. When the last request's
	// answer could not be decoded but named its job, that job is here too
	// (with only its JobID) and its records count as accepted.
	Jobs []Job
	// Err is the cause: a *ValidationError for a bad record, a
	// *JobFailedError when an earlier job failed, a *JobRunningError or
	// another *Error from the API, or the source's read error.
	Err error
}

// Error implements error.
func (e *BulkError) Error() string {
	return fmt.Sprintf("userpilot: bulk update stopped after %d accepted records in %d requests: %v", e.Accepted, len(e.Jobs), e.Err)
}

// Unwrap gives errors.As access to the cause.
func (e *BulkError) Unwrap() error { return e.Err }

// BulkOption adjusts one bulk update.
type BulkOption func(*bulkConfig)

type bulkConfig struct {
	maxRecords int
	maxBytes   int64
	onRequest  func(job Job, records int)
	wait       []WaitOption
	upload     bool
}

// ChunkLimits lowers the per-request limits (records, and bytes of the
// JSON body or of the NDJSON file). Values above the documented maximum, or
// not positive, are ignored.
func ChunkLimits(records int, bytes int64) BulkOption {
	return func(c *bulkConfig) {
		if records > 0 && records < c.maxRecords {
			c.maxRecords = records
		}
		if bytes > 0 && bytes < c.maxBytes {
			c.maxBytes = bytes
		}
	}
}

// OnRequest is called after each request is accepted, with its job and
// how many records it carried.
func OnRequest(fn func(job Job, records int)) BulkOption {
	return func(c *bulkConfig) { c.onRequest = fn }
}

// BulkWait passes options to the waits between requests.
func BulkWait(opts ...WaitOption) BulkOption {
	return func(c *bulkConfig) { c.wait = append(c.wait, opts...) }
}

// AsNDJSONUpload sends each request as a multipart/form-data upload of an
// NDJSON file (the field "file") instead of the JSON body
// ({"users": [...]}) that Userpilot's OpenAPI file documents. Userpilot's
// prose describes such uploads on the same paths, but no page shows a line
// of the file: one record per line, shaped like an item of the JSON body,
// is inferred (specs/userpilot.yaml marks it x-unverified). Use it only
// where you know your account accepts it.
func AsNDJSONUpload() BulkOption {
	return func(c *bulkConfig) { c.upload = true }
}

// BulkIdentifyUsers identifies or updates users through background jobs.
// Every user is validated before the first request; an empty slice is an
// error (there is nothing to send). The users go out as the JSON body
// {"users": [...]}, streamed, in requests of at most MaxBulkRecords records
// and MaxBulkBytes bytes; since Userpilot runs one bulk job at a time, the
// client waits for each job to finish before sending the next request. It
// returns when the last request is accepted: wait for result.LastJob() to
// see the records applied.
//
// Retries: a bulk update is an upsert, so applying its records twice
// leaves the same state. Requests built from a slice are replayed, with
// the same records, on connection errors, 408, 429 and 5xx; a retry after
// an answer that was lost may find the first job still running and get a
// *JobRunningError naming it. A request that carries a known number of
// bytes goes out with a Content-Length.
func (c *Client) BulkIdentifyUsers(ctx context.Context, users []User, opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyUsers"); err != nil {
		return nil, err
	}
	for i := range users {
		u := users[i]
		if err := checkBulkUser(fmt.Sprintf("users[%d]", i), &u); err != nil {
			return nil, err
		}
	}
	return c.bulk(ctx, usersOp, sliceRecords(users, "users", checkBulkUser), opts)
}

// BulkIdentifyUsersSeq is BulkIdentifyUsers for users produced one at a
// time, such as rows read from a database, so that no more than one record
// is in memory. A bad record or an error from the sequence stops the update
// with a *BulkError; records of earlier requests stay accepted. Requests
// built from a sequence are not retried, because it cannot be replayed; an
// empty sequence is an error.
func (c *Client) BulkIdentifyUsersSeq(ctx context.Context, users iter.Seq2[User, error], opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyUsersSeq"); err != nil {
		return nil, err
	}
	if users == nil {
		return nil, &ValidationError{API: apiName, Field: "users", Problem: "is a nil sequence", Fix: "pass a sequence of users"}
	}
	src, stop := seqSource(users, "users", checkBulkUser)
	defer stop()
	return c.bulk(ctx, usersOp, streamRecords(src, nil), opts)
}

// BulkIdentifyUsersNDJSON is BulkIdentifyUsers for an NDJSON stream with
// one user object per line ({"user_id": ..., "company_id": ...,
// "metadata": {...}}). Every line is checked as it is read and then sent as
// it was written; the stream is never held in memory. Requests built from a
// stream are not retried, and an empty stream is an error. If r is an
// io.Closer it is closed when the call returns, as net/http does with
// request bodies.
func (c *Client) BulkIdentifyUsersNDJSON(ctx context.Context, r io.Reader, opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyUsersNDJSON"); err != nil {
		return nil, err
	}
	if p := transport.CheckReader(r); p != nil {
		return nil, inputError("r", p)
	}
	defer closeReader(r)
	return c.bulk(ctx, usersOp, streamRecords(ndjsonSource(r, checkBulkUser), func() { closeReader(r) }), opts)
}

// BulkIdentifyCompanies is BulkIdentifyUsers for companies.
func (c *Client) BulkIdentifyCompanies(ctx context.Context, companies []Company, opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyCompanies"); err != nil {
		return nil, err
	}
	for i := range companies {
		co := companies[i]
		if err := checkCompany(fmt.Sprintf("companies[%d]", i), &co); err != nil {
			return nil, err
		}
	}
	return c.bulk(ctx, companiesOp, sliceRecords(companies, "companies", checkCompany), opts)
}

// BulkIdentifyCompaniesSeq is BulkIdentifyUsersSeq for companies.
func (c *Client) BulkIdentifyCompaniesSeq(ctx context.Context, companies iter.Seq2[Company, error], opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyCompaniesSeq"); err != nil {
		return nil, err
	}
	if companies == nil {
		return nil, &ValidationError{API: apiName, Field: "companies", Problem: "is a nil sequence", Fix: "pass a sequence of companies"}
	}
	src, stop := seqSource(companies, "companies", checkCompany)
	defer stop()
	return c.bulk(ctx, companiesOp, streamRecords(src, nil), opts)
}

// BulkIdentifyCompaniesNDJSON is BulkIdentifyUsersNDJSON for companies, one
// {"company_id": ..., "metadata": {...}} object per line.
func (c *Client) BulkIdentifyCompaniesNDJSON(ctx context.Context, r io.Reader, opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyCompaniesNDJSON"); err != nil {
		return nil, err
	}
	if p := transport.CheckReader(r); p != nil {
		return nil, inputError("r", p)
	}
	defer closeReader(r)
	return c.bulk(ctx, companiesOp, streamRecords(ndjsonSource(r, checkCompany), func() { closeReader(r) }), opts)
}

func emptyBulk(what string) error {
	return &ValidationError{API: apiName, Field: what, Problem: "is empty", Fix: "pass at least one record (Userpilot does not document what an empty bulk request does, so the client sends none)"}
}

// bulkOp is the endpoint one bulk update goes to.
type bulkOp struct {
	what string // "users" or "companies": the JSON key, file names, errors
	id   string // the operationId, for errors
	call func(c *Client, ctx context.Context, contentType string, body io.Reader, editors ...gen.RequestEditorFn) (*http.Response, error)
}

var (
	usersOp = bulkOp{what: "users", id: "bulkIdentifyUsers", call: func(c *Client, ctx context.Context, ct string, body io.Reader, ed ...gen.RequestEditorFn) (*http.Response, error) {
		return c.analytex.BulkIdentifyUsersWithBody(ctx, ct, body, ed...)
	}}
	companiesOp = bulkOp{what: "companies", id: "bulkIdentifyCompanies", call: func(c *Client, ctx context.Context, ct string, body io.Reader, ed ...gen.RequestEditorFn) (*http.Response, error) {
		return c.analytex.BulkIdentifyCompaniesWithBody(ctx, ct, body, ed...)
	}}
)

// records is where a bulk update's records come from.
type records interface {
	// done reports whether every record has been sent.
	done() (bool, error)
	// chunk plans the next request: the body that carries the next
	// records within the limits, and how many it carries (for a stream,
	// known only once the body has been written: count then tells).
	chunk(w wire, maxRecords int, maxBytes int64) (body streamedBody, count func() int, err error)
}

// bulk sends src in as many requests as the limits require.
func (c *Client) bulk(ctx context.Context, op bulkOp, src records, opts []BulkOption) (*BulkResult, error) {
	cfg := bulkConfig{maxRecords: MaxBulkRecords, maxBytes: MaxBulkBytes}
	for _, o := range opts {
		o(&cfg)
	}
	w := wire{what: op.what, upload: cfg.upload}
	res := &BulkResult{}
	fail := func(err error) (*BulkResult, error) {
		return res, &BulkError{Accepted: res.Records, Jobs: res.Jobs, Err: err}
	}
	for part := 1; ; part++ {
		finished, err := src.done()
		if err != nil {
			return fail(err)
		}
		if finished {
			break
		}
		if n := len(res.Jobs); n > 0 {
			// One bulk job at a time: the next request would get 409.
			if res.Jobs[n-1].JobID == "" {
				return fail(fmt.Errorf("userpilot: request %d was accepted, but its answer names no job_id to wait for before the next request", n))
			}
			done, err := c.Jobs.Wait(ctx, res.Jobs[n-1].JobID, cfg.wait...)
			if done != nil {
				res.Jobs[n-1] = *done
			}
			if err != nil {
				return fail(err)
			}
		}
		body, count, err := src.chunk(w, cfg.maxRecords, cfg.maxBytes)
		if err != nil {
			return fail(err)
		}
		if w.upload {
			body = body.asFile(fmt.Sprintf("%s-%04d.ndjson", op.what, part), "application/x-ndjson")
		}
		var job Job
		err = body.send(ctx, func(ctx context.Context, ct string, b io.Reader, ed ...gen.RequestEditorFn) error {
			resp, err := op.call(c, ctx, ct, b, ed...)
			return decodeJob(c.analytexT, op.id, resp, err, &job)
		})
		if id, ok := CreatedJobID(err); ok {
			// The server took the records; only its answer was unreadable.
			res.Records += count()
			res.Jobs = append(res.Jobs, Job{JobID: id})
		}
		if err != nil {
			return fail(c.conflict(ctx, KindBulk, err))
		}
		sent := count()
		res.Records += sent
		res.Jobs = append(res.Jobs, job)
		if cfg.onRequest != nil {
			cfg.onRequest(job, sent)
		}
	}
	if len(res.Jobs) == 0 {
		return nil, emptyBulk(op.what)
	}
	return res, nil
}

// wire is how records are laid out on the wire: the JSON body
// {"users":[r1,r2]} or, for uploads, an NDJSON file r1\nr2\n.
type wire struct {
	what   string
	upload bool
}

// overhead is the bytes a body has besides its records.
func (w wire) overhead() int64 {
	if w.upload {
		return 0
	}
	return int64(len(w.open()) + len(jsonClose))
}

func (w wire) open() string { return `{"` + w.what + `":[` }

const jsonClose = "]}"

// cost is what one record of n bytes adds to a body that already holds
// have records: its separator (a comma, or a newline after it) and itself.
func (w wire) cost(have, n int) int64 {
	if !w.upload && have == 0 {
		return int64(n)
	}
	return int64(n) + 1
}

// writeRecords writes the records next yields in w's layout.
func (w wire) writeRecords(out io.Writer, next func() ([]byte, bool, error)) error {
	if !w.upload {
		if _, err := io.WriteString(out, w.open()); err != nil {
			return err
		}
	}
	for i := 0; ; i++ {
		rec, ok, err := next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if !w.upload && i > 0 {
			if _, err := io.WriteString(out, ","); err != nil {
				return err
			}
		}
		if _, err := out.Write(rec); err != nil {
			return err
		}
		if w.upload {
			if _, err := io.WriteString(out, "\n"); err != nil {
				return err
			}
		}
	}
	if !w.upload {
		_, err := io.WriteString(out, jsonClose)
		return err
	}
	return nil
}

// sliceRecords sends the records of a slice. Each request is planned
// before it is sent, by encoding its records once to measure them, so its
// size is known (Content-Length) and its body can be written again from
// the slice as often as net/http asks (retries, redirects, GetBody copies)
// without holding the encoded records.
type sliceRecordsT[T any] struct {
	items []T
	what  string
	check func(string, *T) error
	pos   int
}

func sliceRecords[T any](items []T, what string, check func(string, *T) error) records {
	return &sliceRecordsT[T]{items: items, what: what, check: check}
}

func (s *sliceRecordsT[T]) encode(i int) ([]byte, error) {
	return encodeRecord(fmt.Sprintf("%s[%d]", s.what, i), s.items[i], s.check)
}

func (s *sliceRecordsT[T]) done() (bool, error) { return s.pos >= len(s.items), nil }

func (s *sliceRecordsT[T]) chunk(w wire, maxRecords int, maxBytes int64) (streamedBody, func() int, error) {
	start, size, n := s.pos, w.overhead(), 0
	for start+n < len(s.items) && n < maxRecords {
		rec, err := s.encode(start + n)
		if err != nil {
			return streamedBody{}, nil, err
		}
		cost := w.cost(n, len(rec))
		if size+cost > maxBytes {
			if n == 0 {
				return streamedBody{}, nil, tooLarge(fmt.Sprintf("%s[%d]", s.what, start), len(rec), maxBytes)
			}
			break
		}
		size += cost
		n++
	}
	s.pos = start + n
	body := streamedBody{
		contentType: "application/json",
		size:        size,
		replayable:  true,
		write: func(out io.Writer) error {
			i := start
			return w.writeRecords(out, func() ([]byte, bool, error) {
				if i >= start+n {
					return nil, false, nil
				}
				rec, err := s.encode(i)
				i++
				return rec, err == nil, err
			})
		},
	}
	return body, func() int { return n }, nil
}

// streamRecords sends the records of an iterator or a reader as they come:
// each request's body is written once, and its records are counted as they
// are written.
type streamRecordsT struct {
	src   *lineSource
	abort func()
}

func streamRecords(src *lineSource, abort func()) records {
	return &streamRecordsT{src: src, abort: abort}
}

func (s *streamRecordsT) done() (bool, error) {
	_, err := s.src.peek()
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}

func (s *streamRecordsT) chunk(w wire, maxRecords int, maxBytes int64) (streamedBody, func() int, error) {
	if line, _ := s.src.peek(); w.overhead()+w.cost(0, len(line)) > maxBytes {
		return streamedBody{}, nil, tooLarge(s.src.name(), len(line), maxBytes)
	}
	n := 0
	body := streamedBody{
		contentType: "application/json",
		size:        -1,
		abort:       s.abort,
		write: func(out io.Writer) error {
			size := w.overhead()
			return w.writeRecords(out, func() ([]byte, bool, error) {
				if n >= maxRecords {
					return nil, false, nil
				}
				line, err := s.src.peek()
				if errors.Is(err, io.EOF) {
					return nil, false, nil
				}
				if err != nil {
					return nil, false, err
				}
				cost := w.cost(n, len(line))
				if size+cost > maxBytes {
					return nil, false, nil
				}
				size += cost
				s.src.advance()
				n++
				return line, true, nil
			})
		},
	}
	return body, func() int { return n }, nil
}

func tooLarge(field string, size int, limit int64) error {
	return &ValidationError{API: apiName,
		Field:   field,
		Problem: fmt.Sprintf("is %d bytes as JSON, more than a bulk request may carry (%d)", size, limit),
		Fix:     "shrink its metadata",
	}
}
