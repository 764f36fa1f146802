package userpilot

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// JobsService follows the background jobs that bulk updates and imports
// start. Get it from Client.Jobs.
type JobsService struct{ c *Client }

// Get returns the current state of a job.
func (s *JobsService) Get(ctx context.Context, jobID string) (*Job, error) {
	if err := transport.CheckContext(ctx, "userpilot", "JobsService.Get"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(jobID) == "" {
		return nil, &ValidationError{API: apiName, Field: "jobID", Problem: "is empty", Fix: "pass the JobID of a Job returned by a bulk update or an import"}
	}
	if err := checkID("jobID", jobID); err != nil {
		return nil, err
	}
	resp, err := s.c.analytex.GetBackgroundJob(ctx, jobID)
	var job Job
	if err := decode(s.c.analytexT, "getBackgroundJob", resp, err, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// List returns the environment's bulk and import jobs, in the order the
// server gives them (Userpilot documents neither an order nor paging).
func (s *JobsService) List(ctx context.Context) ([]Job, error) {
	if err := transport.CheckContext(ctx, "userpilot", "JobsService.List"); err != nil {
		return nil, err
	}
	resp, err := s.c.analytex.ListBackgroundJobs(ctx)
	var jobs []Job
	if err := decode(s.c.analytexT, "listBackgroundJobs", resp, err, &jobs); err != nil {
		return nil, err
	}
	return jobs, nil
}

// WaitOption adjusts one Wait call.
type WaitOption func(*waitConfig)

type waitConfig struct {
	initial, max time.Duration
	onPoll       func(status string)
}

// PollInterval overrides the client's polling schedule (see WithPolling)
// for one Wait call.
func PollInterval(initial, max time.Duration) WaitOption {
	return func(w *waitConfig) {
		if initial > 0 && max >= initial {
			w.initial, w.max = initial, max
		}
	}
}

// OnPoll is called with the job's status after every poll, for progress
// output.
func OnPoll(fn func(status string)) WaitOption {
	return func(w *waitConfig) { w.onPoll = fn }
}

// Wait polls a job until it completes or fails, backing off between polls
// (see WithPolling). It returns the completed job, or a *JobFailedError
// carrying the server's details when the job failed. Statuses it does not
// know are treated as "still running". Cancel ctx to stop waiting: Wait
// then returns the last state it saw with the context's error; the job
// itself keeps running on Userpilot's side.
func (s *JobsService) Wait(ctx context.Context, jobID string, opts ...WaitOption) (*Job, error) {
	if err := transport.CheckContext(ctx, "userpilot", "JobsService.Wait"); err != nil {
		return nil, err
	}
	var job *Job
	err := s.c.poll(ctx, opts, func(ctx context.Context) (string, bool, error) {
		j, err := s.Get(ctx, jobID)
		if err != nil {
			return "", false, err
		}
		job = j
		switch job.Status {
		case JobCompleted:
			return string(job.Status), true, nil
		case JobFailed:
			return string(job.Status), true, &JobFailedError{JobID: job.JobID, Errors: job.Errors, Job: job}
		}
		return string(job.Status), false, nil
	})
	return job, err
}

// poll calls check until it reports done, sleeping with exponential
// backoff and full jitter in between.
func (c *Client) poll(ctx context.Context, opts []WaitOption, check func(context.Context) (status string, done bool, err error)) error {
	cfg := waitConfig{initial: c.pollInitial, max: c.pollMax}
	for _, o := range opts {
		o(&cfg)
	}
	delay := cfg.initial
	for {
		status, done, err := check(ctx)
		if cfg.onPoll != nil && status != "" {
			cfg.onPoll(status)
		}
		if done || err != nil {
			return err
		}
		// Half the delay is fixed and half random, so pollers spread out
		// without ever polling in a tight loop.
		sleep := delay/2 + rand.N(delay/2+1)
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(delay*2, cfg.max)
	}
}

// conflict turns a 409 into a *JobRunningError, naming the running job when
// the job list shows one. The vendor documents neither the 409 body nor the
// job "type" values nor the list's order, so the running job is the first
// unfinished one whose id or type mentions the kind, else the first
// unfinished one: a guess that holds while one job of a kind runs at a
// time, as Userpilot documents. When the job has finished between the 409
// and the list, the first job of the kind is named: waiting for it returns
// at once, and the request can be sent again.
func (c *Client) conflict(ctx context.Context, kind JobKind, err error) error {
	if !cdpkit.IsConflict(err) {
		return err
	}
	busy := &JobRunningError{Kind: kind, Err: err}
	if kind == KindExport {
		if jobs, lerr := c.Exports.List(ctx); lerr == nil {
			for _, j := range jobs {
				if !exportDone(j.Status) {
					busy.JobID = j.JobID
					break
				}
			}
		}
		return busy
	}
	jobs, lerr := c.Jobs.List(ctx)
	if lerr != nil {
		return busy
	}
	var unfinished, ofKind string
	for _, j := range jobs {
		mentions := strings.Contains(j.JobID+" "+j.Type, string(kind))
		done := j.Status == JobCompleted || j.Status == JobFailed
		switch {
		case mentions && !done:
			busy.JobID = j.JobID
			return busy
		case !done && unfinished == "":
			unfinished = j.JobID
		case mentions && ofKind == "":
			ofKind = j.JobID
		}
	}
	busy.JobID = unfinished
	if busy.JobID == "" {
		busy.JobID = ofKind
	}
	return busy
}
