// Package faultproxy is a loopback reverse proxy for tests that puts a
// hostile network and a hostile server between a client and the server it
// talks to (usually one of the in-memory fakes).
//
// Every request the proxy receives gets one decision: pass it through, or
// answer with a fault. Faults come from an explicit script (consumed in
// order, one per request) and, once the script is empty, from a seeded
// random draw at set rates, so a run is repeatable. Each decision is
// recorded — which fault, whether the upstream server saw the request (and
// so may have stored it), what it answered — and a test counts what was
// injected with Decisions and Count.
//
// The faults cover what an SDK meets in production: 429 with any
// Retry-After (absurd values included), 500/502/503 before or after the
// upstream stored the request, connection resets before and after the
// upstream stored it, black holes that accept and never answer, stalls after
// the headers, bodies dripped a byte at a time, truncated and endless
// bodies, the wrong content type, garbage and null JSON, and redirects to
// the same host, to another host, to plain http and in a loop.
//
// The other host of a cross-host redirect is a second loopback listener
// (127.0.0.2 where the system allows binding it, "localhost" otherwise)
// that records every request reaching it, headers and body, before passing
// it upstream: a test asserts from Foreign that no credential travelled.
//
// The proxy speaks plain HTTP/1.1 on loopback; clients reach it through
// option.WithBaseURL(proxy.URL()).
package faultproxy
