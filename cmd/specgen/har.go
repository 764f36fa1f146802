package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

// harFile is the part of HAR 1.2 (a browser's or a proxy's recording of
// HTTP traffic) that verify reads.
type harFile struct {
	Log struct {
		Version string     `json:"version"`
		Entries []harEntry `json:"entries"`
	} `json:"log"`
}

type harEntry struct {
	Request struct {
		Method      string         `json:"method"`
		URL         string         `json:"url"`
		Headers     []harNameValue `json:"headers"`
		QueryString []harNameValue `json:"queryString"`
		Cookies     []harNameValue `json:"cookies"`
		PostData    *struct {
			MimeType string `json:"mimeType"`
			Text     string `json:"text"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Status  int            `json:"status"`
		Headers []harNameValue `json:"headers"`
		Cookies []harNameValue `json:"cookies"`
		Content struct {
			MimeType string `json:"mimeType"`
			Text     string `json:"text"`
			Encoding string `json:"encoding"`
		} `json:"content"`
	} `json:"response"`
}

type harNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func readHAR(path string) (*harFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var h harFile
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("%s is not a HAR file (JSON with log.entries): %w", path, err)
	}
	if h.Log.Entries == nil {
		return nil, fmt.Errorf("%s has no log.entries: export it as HAR 1.2", path)
	}
	return &h, nil
}

// exchange rebuilds the entry's request and response for the checker.
func (e *harEntry) exchange() (*http.Request, []byte, *http.Response, []byte, error) {
	var reqBody []byte
	if e.Request.PostData != nil {
		reqBody = []byte(e.Request.PostData.Text)
	}
	req, err := http.NewRequest(e.Request.Method, e.Request.URL, bytes.NewReader(reqBody))
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("bad request line: %w", err)
	}
	copyHeaders(req.Header, e.Request.Headers)
	if e.Request.PostData != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", e.Request.PostData.MimeType)
	}
	resp := &http.Response{StatusCode: e.Response.Status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(nil)), Request: req}
	copyHeaders(resp.Header, e.Response.Headers)
	if resp.Header.Get("Content-Type") == "" && e.Response.Content.MimeType != "" {
		resp.Header.Set("Content-Type", e.Response.Content.MimeType)
	}
	respBody := []byte(e.Response.Content.Text)
	if e.Response.Content.Encoding == "base64" {
		if respBody, err = base64.StdEncoding.DecodeString(e.Response.Content.Text); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("response body is not the base64 it says: %w", err)
		}
	}
	return req, reqBody, resp, respBody, nil
}

// copyHeaders skips HTTP/2 pseudo-headers (:authority, :path), which
// browsers record as headers.
func copyHeaders(dst http.Header, from []harNameValue) {
	for _, h := range from {
		if !strings.HasPrefix(h.Name, ":") {
			dst.Add(h.Name, h.Value)
		}
	}
}
