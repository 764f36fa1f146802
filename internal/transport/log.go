package transport

import (
	"context"
	"log/slog"
	"net/http"
)

// logs reports whether a record at level would be written, so that the
// per-attempt work of redacting headers is skipped when logging is off.
func (c *Client) logs(ctx context.Context, level slog.Level) bool {
	return c.cfg.Logger != nil && c.cfg.Logger.Enabled(ctx, level)
}

// log writes one record tagged with the API name. Every value passed in
// must already be redacted.
func (c *Client) log(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if !c.logs(ctx, level) {
		return
	}
	c.cfg.Logger.LogAttrs(ctx, level, msg, append([]slog.Attr{slog.String("api", c.api.Name)}, attrs...)...)
}

// requestAttrs identifies a request in a log record.
func (c *Client) requestAttrs(req *http.Request) []slog.Attr {
	return []slog.Attr{slog.String("method", req.Method), slog.String("url", c.safeURL(req.URL))}
}
