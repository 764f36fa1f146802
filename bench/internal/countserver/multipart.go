package countserver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/textproto"
)

// The import endpoint reads the one-part multipart body itself rather than
// through mime/multipart, whose 4 KiB window makes the server spend more CPU
// on a multipart upload than on the same bytes sent bare. The server shares
// the machine with the client being measured, so that cost would count
// against the multipart side; read in 256 KiB windows it is close to the
// bare body's.

// filePart checks the envelope of a multipart/form-data body with a single
// part named "file" and returns a reader of that part's content. The reader
// fails if the body ends before the closing delimiter or holds a second part.
func filePart(contentType string, body io.Reader) (io.Reader, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		return nil, fmt.Errorf("content type %q is not multipart/form-data with a boundary", contentType)
	}
	boundary := params["boundary"]
	br := bufio.NewReaderSize(body, 256<<10)
	first, err := br.ReadString('\n')
	if err != nil || first != "--"+boundary+"\r\n" {
		return nil, errors.New("the body does not start with the boundary")
	}
	header, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("part header: %w", err)
	}
	disposition, dparams, err := mime.ParseMediaType(header.Get("Content-Disposition"))
	if err != nil || disposition != "form-data" {
		return nil, fmt.Errorf("part Content-Disposition %q is not form-data", header.Get("Content-Disposition"))
	}
	if dparams["name"] != "file" {
		return nil, fmt.Errorf("part is %q, not \"file\"", dparams["name"])
	}
	return &partReader{br: br, delim: []byte("\r\n--" + boundary)}, nil
}

type partReader struct {
	br    *bufio.Reader
	delim []byte
	done  bool
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.done {
		return 0, io.EOF
	}
	window, err := p.br.Peek(p.br.Size())
	if err != nil && err != io.EOF {
		return 0, err
	}
	i := bytes.Index(window, p.delim)
	switch {
	case i > 0:
		window = window[:i]
	case i == 0:
		p.done = true
		return 0, p.end()
	case len(window) < len(p.delim):
		return 0, errors.New("the body ends inside the file part")
	default:
		// Keep what could be the start of a delimiter for the next read.
		window = window[:len(window)-len(p.delim)+1]
	}
	n := copy(b, window)
	_, _ = p.br.Discard(n)
	return n, nil
}

// end checks what follows the part: the closing delimiter and nothing but
// an optional line break.
func (p *partReader) end() error {
	_, _ = p.br.Discard(len(p.delim))
	rest, err := io.ReadAll(io.LimitReader(p.br, 64))
	if err != nil {
		return err
	}
	if !bytes.Equal(rest, []byte("--")) && !bytes.Equal(rest, []byte("--\r\n")) {
		return errors.New("the body has more than one part or a bad end")
	}
	return io.EOF
}
