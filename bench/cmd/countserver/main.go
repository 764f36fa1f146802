// Command countserver is the benchmarks' server, run as a child process so
// that the client's allocations are measured alone. It listens on two
// loopback ports, prints "DATA_ADDR CONTROL_ADDR" as its first line, and
// exits when its standard input closes, so it cannot outlive the harness.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "countserver:", err)
		os.Exit(1)
	}
}

func run() error {
	data, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	control, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s := countserver.New()
	errs := make(chan error, 2)
	go func() {
		srv := &http.Server{Handler: s.Handler(), ConnState: s.ConnState, ReadHeaderTimeout: 30 * time.Second}
		errs <- srv.Serve(data)
	}()
	go func() {
		srv := &http.Server{Handler: s.ControlHandler(), ReadHeaderTimeout: 30 * time.Second}
		errs <- srv.Serve(control)
	}()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		errs <- nil
	}()
	if _, err := fmt.Printf("%s %s\n", data.Addr(), control.Addr()); err != nil {
		return err
	}
	return <-errs
}
