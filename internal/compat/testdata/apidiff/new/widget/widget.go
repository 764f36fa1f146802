// Package widget is the new version of a fixture API: Ping is gone, Version
// is new.
package widget

// Client talks to a widget service.
type Client struct{ Name string }

// Close releases the client.
func (c *Client) Close() error { return nil }

// Version reports the service's version.
func (c *Client) Version() string { return "2" }
