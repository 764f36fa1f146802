package userpilot

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Count is a count Userpilot sends either as a JSON number or as a string:
// its job objects type file_size and total_rows as integers, its import
// answer as strings whose content it does not describe. Count keeps the
// text as it came, so a string that is not a number (an empty one
// included) never fails decoding an answer whose job the server has
// already created; Int64 tells whether it is a number. It is hand-written,
// not generated: specs/userpilot.yaml names it with x-go-type.
type Count string

// Int64 returns the count as an integer, or an error when the server sent
// something that is not one.
func (c Count) Int64() (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(string(c)), 10, 64)
}

// String returns the count as the server sent it.
func (c Count) String() string { return string(c) }

// UnmarshalJSON accepts a JSON number, a string (kept as is) or null.
func (c *Count) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*c = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = Count(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*c = Count(n)
	return nil
}

// MarshalJSON writes a count that is an integer as a JSON number and
// anything else as the string it came as.
func (c Count) MarshalJSON() ([]byte, error) {
	if _, err := c.Int64(); err == nil {
		return []byte(strings.TrimSpace(string(c))), nil
	}
	return json.Marshal(string(c))
}
