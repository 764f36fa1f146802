module github.com/cdpkit/cdpkit/bench

go 1.26.0

// The suite measures the SDK in this checkout, never a published version.
replace github.com/cdpkit/cdpkit => ../

require (
	github.com/cdpkit/cdpkit v0.0.0-00010101000000-000000000000
	github.com/google/pprof v0.0.0-20261105003125-4bf881d7fb0b
	github.com/posthog/posthog-go v1.5.2
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/oapi-codegen/runtime v1.8.0 // indirect
	golang.org/x/time v0.16.0 // indirect
)
