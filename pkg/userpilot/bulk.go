package userpilot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Limits of one bulk request, as Userpilot documents them. 50 MB is read
// as 50,000,000 bytes of NDJSON, the stricter reading.
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

// LastJob returns the job of the final request.
func (r *BulkResult) LastJob() Job { return r.Jobs[len(r.Jobs)-1] }

// BulkError reports a bulk update that stopped part-way.
type BulkError struct {
	// Accepted is how many records were accepted by earlier requests; skip
	// that many to resume.
	Accepted int
	// Jobs are the jobs of the accepted requests.
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
}

// ChunkLimits lowers the per-request limits (records and NDJSON bytes).
// Values above the documented maximum, or not positive, are ignored.
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

// BulkIdentifyUsers identifies or updates users through background jobs.
// Every user is validated before the first request. The users are streamed
// as NDJSON uploads of at most MaxBulkRecords records and MaxBulkBytes
// bytes each; since Userpilot runs one bulk job at a time, the client waits
// for each job to finish before sending the next request. It returns when
// the last request is accepted: wait for result.LastJob() to see the
// records applied. A request that fails with a retryable status is retried
// with the same records.
func (c *Client) BulkIdentifyUsers(ctx context.Context, users []User, opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyUsers"); err != nil {
		return nil, err
	}
	for i := range users {
		u := users[i]
		if err := checkUser(fmt.Sprintf("users[%d]", i), &u); err != nil {
			return nil, err
		}
	}
	return c.bulk(ctx, usersOp, sliceSource(users, "users", checkUser), opts)
}

// BulkIdentifyUsersSeq is BulkIdentifyUsers for users produced one at a
// time, such as rows read from a database, so that no more than one record
// is in memory. A bad record or an error from the sequence stops the update
// with a *BulkError; records of earlier requests stay accepted. Requests
// built from a sequence are not retried, because it cannot be replayed.
func (c *Client) BulkIdentifyUsersSeq(ctx context.Context, users iter.Seq2[User, error], opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyUsersSeq"); err != nil {
		return nil, err
	}
	src, stop := seqSource(users, "users", checkUser)
	defer stop()
	return c.bulk(ctx, usersOp, src, opts)
}

// BulkIdentifyUsersNDJSON is BulkIdentifyUsers for an NDJSON stream with
// one user object per line ({"user_id": ..., "company_id": ...,
// "metadata": {...}}). Every line is checked as it is read; the stream is
// never held in memory. Requests built from a stream are not retried. If r
// is an io.Closer it is closed when the call returns, as net/http does with
// request bodies.
func (c *Client) BulkIdentifyUsersNDJSON(ctx context.Context, r io.Reader, opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyUsersNDJSON"); err != nil {
		return nil, err
	}
	if p := transport.CheckReader(r); p != nil {
		return nil, inputError("r", p)
	}
	defer closeReader(r)
	return c.bulk(ctx, usersOp, ndjsonSource(r, checkUser), opts)
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
	return c.bulk(ctx, companiesOp, sliceSource(companies, "companies", checkCompany), opts)
}

// BulkIdentifyCompaniesSeq is BulkIdentifyUsersSeq for companies.
func (c *Client) BulkIdentifyCompaniesSeq(ctx context.Context, companies iter.Seq2[Company, error], opts ...BulkOption) (*BulkResult, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.BulkIdentifyCompaniesSeq"); err != nil {
		return nil, err
	}
	src, stop := seqSource(companies, "companies", checkCompany)
	defer stop()
	return c.bulk(ctx, companiesOp, src, opts)
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
	return c.bulk(ctx, companiesOp, ndjsonSource(r, checkCompany), opts)
}

// bulkOp is the endpoint one bulk update goes to.
type bulkOp struct {
	what string // "users" or "companies", for file names and errors
	call func(c *Client, ctx context.Context, contentType string, body io.Reader, editors []gen.RequestEditorFn) (Job, error)
}

var (
	usersOp = bulkOp{what: "users", call: func(c *Client, ctx context.Context, ct string, body io.Reader, ed []gen.RequestEditorFn) (Job, error) {
		resp, err := c.analytex.BulkIdentifyUsersWithBodyWithResponse(ctx, ct, body, ed...)
		if err != nil {
			return Job{}, err
		}
		if resp.JSON202 == nil {
			return Job{}, unexpected(resp.HTTPResponse, resp.Body)
		}
		return *resp.JSON202, nil
	}}
	companiesOp = bulkOp{what: "companies", call: func(c *Client, ctx context.Context, ct string, body io.Reader, ed []gen.RequestEditorFn) (Job, error) {
		resp, err := c.analytex.BulkIdentifyCompaniesWithBodyWithResponse(ctx, ct, body, ed...)
		if err != nil {
			return Job{}, err
		}
		if resp.JSON202 == nil {
			return Job{}, unexpected(resp.HTTPResponse, resp.Body)
		}
		return *resp.JSON202, nil
	}}
)

// bulk sends src in as many requests as the limits require.
func (c *Client) bulk(ctx context.Context, op bulkOp, src *lineSource, opts []BulkOption) (*BulkResult, error) {
	cfg := bulkConfig{maxRecords: MaxBulkRecords, maxBytes: MaxBulkBytes}
	for _, o := range opts {
		o(&cfg)
	}
	res := &BulkResult{}
	fail := func(err error) (*BulkResult, error) {
		return res, &BulkError{Accepted: res.Records, Jobs: res.Jobs, Err: err}
	}
	for part := 1; ; part++ {
		line, err := src.peek()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(err)
		}
		if int64(len(line)) > cfg.maxBytes {
			return fail(tooLarge(src, len(line), cfg.maxBytes))
		}
		if n := len(res.Jobs); n > 0 {
			// One bulk job at a time: the next request would get 409.
			done, err := c.Jobs.Wait(ctx, res.Jobs[n-1].JobID, cfg.wait...)
			if done != nil {
				res.Jobs[n-1] = *done
			}
			if err != nil {
				return fail(err)
			}
		}
		job, sent, err := c.sendChunk(ctx, op, src, part, cfg)
		if err != nil {
			return fail(err)
		}
		res.Records += sent
		res.Jobs = append(res.Jobs, job)
		if cfg.onRequest != nil {
			cfg.onRequest(job, sent)
		}
	}
	if len(res.Jobs) == 0 {
		return nil, &ValidationError{Field: op.what, Problem: "is empty", Fix: "pass at least one record"}
	}
	return res, nil
}

// sendChunk streams the next request's worth of records from src.
func (c *Client) sendChunk(ctx context.Context, op bulkOp, src *lineSource, part int, cfg bulkConfig) (Job, int, error) {
	mark := src.pos
	sent := 0
	up := upload{
		filename:    fmt.Sprintf("%s-%04d.ndjson", op.what, part),
		contentType: "application/x-ndjson",
		size:        -1, // known only once the chunk is written
		write: func(w io.Writer) error {
			var err error
			sent, err = writeChunk(w, src, cfg.maxRecords, cfg.maxBytes)
			return err
		},
	}
	if src.rewind != nil {
		up.rewind = func() { src.rewind(mark) }
	}
	var job Job
	err := up.send(ctx, func(ctx context.Context, ct string, body io.Reader, ed ...gen.RequestEditorFn) error {
		resp, err := op.call(c, ctx, ct, body, ed)
		if err != nil {
			return err
		}
		job = resp
		return nil
	})
	if err != nil {
		return Job{}, 0, c.conflict(ctx, KindBulk, err)
	}
	return job, sent, nil
}

// writeChunk copies records from src to w until the next one would break
// a limit or src ends.
func writeChunk(w io.Writer, src *lineSource, maxRecords int, maxBytes int64) (int, error) {
	var n int
	var size int64
	for n < maxRecords {
		line, err := src.peek()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if size+int64(len(line)) > maxBytes {
			if n == 0 {
				return 0, tooLarge(src, len(line), maxBytes)
			}
			return n, nil
		}
		if _, err := w.Write(line); err != nil {
			return n, err
		}
		src.advance()
		n++
		size += int64(len(line))
	}
	return n, nil
}

func tooLarge(src *lineSource, size int, limit int64) error {
	return &ValidationError{
		Field:   src.name(),
		Problem: fmt.Sprintf("is %d bytes as NDJSON, more than a bulk request may carry (%d)", size, limit),
		Fix:     "shrink its metadata",
	}
}
