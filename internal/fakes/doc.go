// Package fakes holds what every in-memory fake in pkg/<api>/<api>test
// shares: queues of canned failures and random chaos, for exercising a
// client's retries. Each fake renders the failures in its own API's error
// shape through the writer it passes in.
package fakes
