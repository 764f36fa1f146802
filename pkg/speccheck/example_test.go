package speccheck_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/cdpkit/cdpkit/pkg/speccheck"
)

// Check one recorded exchange with Usermost against cdpkit's document: the
// answer has a field the document lacks and a number where it expects a
// string, both in a part of the document marked x-unverified.
func Example() {
	checker, err := speccheck.New(context.Background(), "usermost")
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest("POST", "https://api.usermost.com/v1/accounts/lc-1/users", nil)
	req.Header.Set("Content-Type", "application/json")
	reqBody := []byte(`{"userId":"u-42","firstName":"Ada"}`)
	resp := &http.Response{StatusCode: 201, Header: http.Header{"Content-Type": {"application/json"}}}
	respBody := []byte(`{"response":{"status":1,"traceId":"t-1"}}`)

	for _, d := range checker.CheckExchange(req, reqBody, resp, respBody) {
		fmt.Println(d)
	}
	fmt.Println(checker.Counts()[speccheck.UnknownField], "unknown field(s)")
	// Output:
	// usermost upsertUser response body 201 /response/status: wrong_type: value must be a string (x-unverified)
	// usermost upsertUser response body 201 /response/traceId: unknown_field: the document does not declare this field (x-unverified)
	// 1 unknown field(s)
}
