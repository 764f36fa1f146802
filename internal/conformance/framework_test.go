package conformance_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/conformance"
)

func TestRepairsMoveAKeyAndNeedAReason(t *testing.T) {
	doc := []byte(`{"paths":{"/a/{{id}}":{"get":{}}}}`)
	rs, err := conformance.ParseRepairs([]byte(`[{"op":"move","from":"/paths/~1a~1{{id}}","path":"/paths/~1a~1{id}","reason":"double braces"}]`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := conformance.ApplyRepairs(doc, rs)
	if err != nil || string(out) != `{"paths":{"/a/{id}":{"get":{}}}}` {
		t.Errorf("repaired = %s, %v", out, err)
	}
	if _, err := conformance.ParseRepairs([]byte(`[{"op":"remove","path":"/x"}]`)); err == nil {
		t.Error("a repair without a reason was accepted")
	}
	if _, err := conformance.ApplyRepairs(doc, []conformance.Repair{{Op: "remove", Path: "/paths/~1b", Reason: "r"}}); err == nil {
		t.Error("removing a missing key succeeded")
	}
}

func TestRecorderKeepsStreamedBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	rec := &conformance.Recorder{}
	pr, pw := io.Pipe()
	go func() {
		for range 1000 {
			_, _ = io.WriteString(pw, `{"user_id":"u"}`+"\n")
		}
		pw.Close()
	}()
	resp, err := rec.Client().Post(srv.URL+"/v1/x?a=1", "application/x-ndjson", pr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	reqs := rec.Take()
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].URL.Path != "/v1/x" || reqs[0].URL.RawQuery != "a=1" {
		t.Fatalf("recorded %+v", reqs)
	}
	if want := strings.Repeat(`{"user_id":"u"}`+"\n", 1000); string(reqs[0].Body) != want {
		t.Errorf("recorded %d body bytes, want %d", len(reqs[0].Body), len(want))
	}
	if len(rec.Take()) != 0 {
		t.Error("Take did not forget what it returned")
	}
}

func TestSchemaReferenceChecksBodiesByRoute(t *testing.T) {
	ref, err := conformance.NewSchemaReference("s", map[string][]byte{
		"PUT /user/{id}": []byte(`{"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}`),
		"GET /account":   nil,
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(method, path, body string) (string, bool, error) {
		u, _ := url.Parse("https://h" + path)
		return ref.Check(context.Background(), &conformance.Request{Method: method, URL: u, Body: []byte(body)})
	}
	if op, ok, err := check("PUT", "/user/42", `{"email":"a@b"}`); op != "PUT /user/{id}" || !ok || err != nil {
		t.Errorf("valid body: %q %v %v", op, ok, err)
	}
	if _, ok, err := check("PUT", "/user/42", `{"name":"x"}`); !ok || err == nil {
		t.Errorf("missing email: covered=%v err=%v, want an error", ok, err)
	}
	if _, ok, err := check("GET", "/account", ``); !ok || err != nil {
		t.Errorf("bodiless route: covered=%v err=%v", ok, err)
	}
	if _, ok, _ := check("PUT", "/user", `{}`); ok {
		t.Error("a path with fewer segments matched")
	}
}

func TestABodyTheDocumentDoesNotDeclareIsRejected(t *testing.T) {
	doc := []byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/users":{"delete":{"responses":{"202":{"description":"ok"}}}}}}`)
	ref, err := conformance.LoadOpenAPI("t", doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://h/users")
	req := &conformance.Request{Method: "DELETE", URL: u, Header: http.Header{"Content-Type": {"application/json"}}}
	if _, ok, err := ref.Check(context.Background(), req); !ok || err != nil {
		t.Errorf("bodiless DELETE: covered=%v err=%v", ok, err)
	}
	req.Body = []byte(`{"users":["u1"]}`)
	if _, ok, err := ref.Check(context.Background(), req); !ok || err == nil || !strings.Contains(err.Error(), "no requestBody") {
		t.Errorf("DELETE with an undeclared body: covered=%v err=%v, want an error", ok, err)
	}
}

func TestAStaleTableIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "CONFORMANCE.md")
	table := conformance.Render([]conformance.Report{{API: "X", Methods: 1, Rows: []conformance.Row{{Method: "Client.Do", Status: conformance.Valid}}}})
	if err := conformance.TableDiff(path, table); err == nil {
		t.Error("a missing file was not reported")
	}
	if err := os.WriteFile(path, table, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := conformance.TableDiff(path, table); err != nil {
		t.Errorf("the current table was reported: %v", err)
	}
	stale := bytes.Replace(table, []byte("Client.Do"), []byte("Client.Did"), 1)
	if err := conformance.TableDiff(path, stale); err == nil || !strings.Contains(err.Error(), "stale") {
		t.Errorf("a stale table: %v", err)
	}
}
