package fakes_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit/internal/fakes"
)

func writeStatus(w http.ResponseWriter, _ *http.Request, status int, _ string) { w.WriteHeader(status) }

func TestChaosRatesAndResetsAfterHandling(t *testing.T) {
	t.Parallel()
	var handled atomic.Int64
	inj := fakes.NewChaos(fakes.Chaos{ErrorRate: 0.2, ResetRate: 0.05, Seed: 1})
	srv := httptest.NewServer(inj.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
	}), writeStatus))
	defer srv.Close()
	const n = 2000
	var ok, failed, reset int
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range n {
		resp, err := client.Get(srv.URL)
		if err != nil {
			reset++
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			ok++
		} else {
			failed++
		}
	}
	st := inj.Stats()
	if int(st.Errors) != failed || int(st.Resets) != reset {
		t.Errorf("stats %+v, observed %d errors and %d resets", st, failed, reset)
	}
	if failed < n*15/100 || failed > n*25/100 || reset < n*2/100 || reset > n*8/100 {
		t.Errorf("%d errors and %d resets in %d requests, want about 20%% and 5%%", failed, reset, n)
	}
	// A reset request was handled first: its work happened, its answer was lost.
	if got := int(handled.Load()); got != ok+reset {
		t.Errorf("handler ran %d times, want %d (answered) + %d (reset)", got, ok, reset)
	}
}

func TestFaultsAfterSkip(t *testing.T) {
	t.Parallel()
	var q fakes.Faults
	q.AddAfter(2, fakes.Fault{Status: 429}, fakes.Fault{})
	srv := httptest.NewServer(q.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), writeStatus))
	defer srv.Close()
	var got []int
	for range 5 {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, resp.StatusCode)
	}
	want := []int{200, 200, 429, 503, 200}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", got, want)
		}
	}
}

func TestReportProblemsRecordsWithTheRequest(t *testing.T) {
	t.Parallel()
	var got []error
	report := fakes.ReportProblems("sometest", nil, func(err error) { got = append(got, err) })
	req := httptest.NewRequest(http.MethodPost, "/v1/things", nil)
	report(req, errors.New("status is missing"))
	if len(got) != 1 || got[0].Error() != "POST /v1/things: status is missing" {
		t.Errorf("recorded %v, want the method, path and cause", got)
	}
}
