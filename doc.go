// Package cdpkit holds what the whole SDK shares: today its version, which
// every client reports in its User-Agent ("cdpkit-go/<Version> (...)").
//
// The clients themselves live in the pkg/ packages, one per API
// (pkg/usermost, pkg/userpilot, pkg/userlot, pkg/activeprospect), with the
// options they share in pkg/option. CHANGELOG.md at the module's root says
// what each version changed, breaking changes first.
package cdpkit
