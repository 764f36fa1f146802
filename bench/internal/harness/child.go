package harness

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
)

// Server is the counting server running in a child process.
type Server struct {
	// URL is the base URL the benchmarked clients call.
	URL     string
	control string
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	client  *http.Client
}

// StartServer builds cmd/countserver from the bench module in moduleDir
// into workDir and starts it. Close stops it; so does the end of this
// process, because the child exits when its standard input closes.
func StartServer(ctx context.Context, moduleDir, workDir string) (*Server, error) {
	bin := filepath.Join(workDir, "countserver")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/countserver")
	build.Dir = moduleDir
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("harness: build countserver: %w\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("harness: start countserver: %w", err)
	}
	s := &Server{cmd: cmd, stdin: stdin, client: &http.Client{Timeout: 30 * time.Second}}
	addrs := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		addrs <- line
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-addrs:
		f := strings.Fields(line)
		if len(f) != 2 {
			_ = s.Close()
			return nil, fmt.Errorf("harness: countserver printed %q, want two addresses", line)
		}
		s.URL, s.control = "http://"+f[0], "http://"+f[1]
	case <-time.After(30 * time.Second):
		_ = s.Close()
		return nil, errors.New("harness: countserver did not print its addresses within 30s")
	}
	return s, nil
}

// Reset makes the server forget what it counted.
func (s *Server) Reset() error {
	resp, err := s.client.Post(s.control+"/reset", "", nil)
	if err != nil {
		return fmt.Errorf("harness: reset counts: %w", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("harness: reset counts: status %d", resp.StatusCode)
	}
	return nil
}

// Counts asks what arrived since the last reset, against expect events
// numbered from 0.
func (s *Server) Counts(expect int64) (countserver.Counts, error) {
	var c countserver.Counts
	resp, err := s.client.Get(s.control + "/counts?expect=" + strconv.FormatInt(expect, 10))
	if err != nil {
		return c, fmt.Errorf("harness: read counts: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return c, fmt.Errorf("harness: read counts: status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return c, fmt.Errorf("harness: read counts: %w", err)
	}
	return c, nil
}

// Verify reads the counts and fails unless all expect events arrived
// exactly once.
func (s *Server) Verify(expect int64) (countserver.Counts, error) {
	c, err := s.Counts(expect)
	if err != nil {
		return c, err
	}
	return c, c.Check()
}

// Close stops the child and waits for it.
func (s *Server) Close() error {
	_ = s.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		return <-done
	}
}
