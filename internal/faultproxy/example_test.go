package faultproxy_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
)

// A script answers the first request with a 429 asking for a day's wait and
// passes the second; the decisions say what happened to each.
func Example() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer upstream.Close()
	proxy, err := faultproxy.New(faultproxy.Config{
		Upstream: upstream.URL,
		Script:   []faultproxy.Fault{{Kind: faultproxy.Status, Status: 429, RetryAfter: "86400"}},
	})
	if err != nil {
		panic(err)
	}
	defer proxy.Close()

	client := &http.Client{Transport: &http.Transport{}}
	for range 2 {
		resp, err := client.Get(proxy.URL() + "/v1/users")
		if err != nil {
			panic(err)
		}
		_ = resp.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	for _, d := range proxy.Decisions() {
		fmt.Println(d.Seq, d.Fault, "forwarded:", d.Forwarded)
	}
	fmt.Println("injected:", proxy.Injected())
	client.CloseIdleConnections()
	// Output:
	// 429 Retry-After="86400"
	// 200 Retry-After=""
	// 1 status 429 (Retry-After: 86400) forwarded: false
	// 2 pass forwarded: true
	// injected: 1
}
