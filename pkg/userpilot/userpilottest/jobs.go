package userpilottest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// appToken is the fake environment's app token, used in job ids and rows.
const appToken = "NX-fake0001"

type jobKind string

const (
	kindBulk   jobKind = "bulk"
	kindImport jobKind = "import"
)

// job is a background job. Its status is derived from the time since it was
// created, so no goroutine or timer is needed to move it along.
type job struct {
	id        string
	kind      jobKind
	typ       string
	filename  string
	fileSize  int64
	rows      int
	created   time.Time
	status    gen.JobStatus
	ended     time.Time
	done      bool
	failure   string
	apply     func(*state) // stores the records once the job completes
	completed int
}

var (
	jobSuccessPath = []gen.JobStatus{gen.JobQueued, gen.JobValidating, gen.JobProcessing, gen.JobPendingRefresh, gen.JobCompleted}
	jobFailurePath = []gen.JobStatus{gen.JobQueued, gen.JobValidating, gen.JobFailed}
)

// stepsSince is how many status steps a job created at t has taken by now.
func (st *state) stepsSince(t, now time.Time) int {
	if st.cfg.stepDelay <= 0 {
		return 1 << 30
	}
	return int(now.Sub(t) / st.cfg.stepDelay)
}

// advanceLocked moves every job to the status its age implies and commits
// the records of jobs that completed.
func (st *state) advanceLocked(now time.Time) {
	for _, j := range st.jobs {
		if j.done {
			continue
		}
		path := jobSuccessPath
		if j.failure != "" {
			path = jobFailurePath
		}
		i := min(st.stepsSince(j.created, now), len(path)-1)
		j.status = path[i]
		if j.status == gen.JobProcessing || j.status == gen.JobPendingRefresh {
			j.completed = j.rows * (i - 1) / 3
		}
		if i == len(path)-1 {
			j.done = true
			j.ended = j.created.Add(time.Duration(i) * st.cfg.stepDelay)
			if j.status == gen.JobCompleted {
				j.completed = j.rows
				if j.apply != nil {
					j.apply(st)
					j.apply = nil
				}
			}
		}
	}
	for _, e := range st.exports {
		st.advanceExportLocked(e, now)
	}
}

// runningLocked returns the job of this kind that has not finished yet.
func (st *state) runningLocked(kind jobKind) *job {
	for _, j := range st.jobs {
		if j.kind == kind && !j.done {
			return j
		}
	}
	return nil
}

func (st *state) newJobLocked(kind jobKind, typ, filename string, size int64, rows int, apply func(*state)) *job {
	prefix := "bulk"
	if kind == kindImport {
		prefix = "import"
	}
	j := &job{
		id:       fmt.Sprintf("%s:jobs:%s:%s", prefix, appToken, newUUID()),
		kind:     kind,
		typ:      typ,
		filename: filename,
		fileSize: size,
		rows:     rows,
		created:  st.now(),
		status:   gen.JobQueued,
		failure:  st.takeFailureLocked(),
		apply:    apply,
	}
	st.jobs = append(st.jobs, j)
	return j
}

func (st *state) jobLocked(id string) *job {
	for _, j := range st.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

func (j *job) view(now time.Time) gen.BackgroundJob {
	v := gen.BackgroundJob{
		JobID:         j.id,
		Status:        j.status,
		Type:          j.typ,
		Filename:      j.filename,
		FileSize:      gen.Count(strconv.FormatInt(j.fileSize, 10)),
		TotalRows:     gen.Count(strconv.Itoa(j.rows)),
		CompletedRows: j.completed,
		StartTime:     j.created.UTC().Format(time.RFC3339),
		SubmittedAt:   j.created.UTC().Format(time.RFC3339),
	}
	end := now
	if j.done {
		end = j.ended
		s := j.ended.UTC().Format(time.RFC3339)
		v.EndTime = &s
	}
	v.ElapsedTime = int(end.Sub(j.created) / time.Second)
	if j.status == gen.JobFailed {
		v.Errors = []gen.ErrorDetail{{Error: "job_failed", ErrorCode: "validation_failed", Message: "The job failed during validation", Details: j.failure}}
	}
	return v
}

// jobViewsLocked lists the jobs most recent first.
func (st *state) jobViewsLocked(now time.Time) []gen.BackgroundJob {
	out := make([]gen.BackgroundJob, 0, len(st.jobs))
	for i := len(st.jobs) - 1; i >= 0; i-- {
		out = append(out, st.jobs[i].view(now))
	}
	return out
}

// newUUID returns a random version-4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
