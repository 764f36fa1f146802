package cdpkit

// Version is the version of cdpkit this code is, or will be released as
// (semantic versioning; the release tag is "v" + Version). Every client
// sends it in its User-Agent, which is what a vendor's support team asks
// for first. CHANGELOG.md has a section for it, or an Unreleased section
// while it is being prepared; a test keeps the two in step.
const Version = "0.1.0"
