// Package widget is the old version of a fixture API.
package widget

// Client talks to a widget service.
type Client struct{ Name string }

// Ping checks the service.
func (c *Client) Ping() error { return nil }

// Close releases the client.
func (c *Client) Close() error { return nil }
