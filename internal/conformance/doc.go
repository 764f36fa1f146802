// Package conformance holds the SDK to the vendors' own documents.
//
// Every other test runs against fakes built from specs/, so where a spec
// departs from the vendor's document the client and the fake agree and
// nothing notices. This package closes that loop. Its test calls every
// public method of every client against the client's fake, through an
// HTTP client whose Recorder keeps each request, and checks every recorded
// request against two references:
//
//   - the vendor's own document, where one describes the operation (an
//     OpenAPI file through kin-openapi's openapi3filter, or JSON Schemas
//     through kin-openapi's schema validation, see SchemaReference);
//   - the project's spec in specs/, always, with no exemption.
//
// It also runs the other direction: every answer a vendor's OpenAPI file
// allows (its examples, or instances generated from its response schemas
// where it has none, see Generate) is fed through the client, which must
// decode a 2xx without error and turn any other status into its API error;
// and every request example the vendor's file shows is sent to the fake,
// which must accept it.
//
// The outcome is CONFORMANCE.md at the repository root: one row per public
// method of each client, "valid per vendor document" or "not covered by it"
// with the source the method rests on. The test writes it with -update
// (make conformance) and fails when the committed file is stale, when a
// public method has no case (found by reflection over the client types'
// method sets), and when a request breaks either reference.
//
// # The vendors' documents
//
// They live in testdata/<api>/, byte for byte as the vendor published
// them (the test checks their SHA-256), each with a README saying where it
// comes from. A document that cannot be used as published gets a repairs
// file beside it: JSON Patch operations, each with its reason (see Repair),
// applied when it is loaded.
//
// # Adding an API
//
// Add one file, <api>_test.go, in this package's tests:
//
//	func init() {
//		vendorFiles["testdata/<api>/<file>"] = "<sha256 of the seed>"
//		register(func(t *testing.T) conformance.API {
//			vendor, err := conformance.LoadOpenAPI(name, data, repairs) // or NewSchemaReference
//			project, err := conformance.ProjectSpec(ctx, "<api>")
//			return conformance.API{
//				Name:    "<API>",
//				Vendor:  []conformance.Reference{vendor},
//				Project: project,
//				Clients: []any{(*<api>.Client)(nil) /* and every service type */},
//				Cases:   []conformance.Case{ /* one per public method */ },
//				Decode:   ..., // calls the method that sends a sample's operation
//				StatusOf: ..., // the status of the client's API error
//				SendExample: ..., // posts a vendor request example to the fake
//			}
//		})
//	}
//
// Each Case names its method ("Client.TrackEvent"), runs it against a
// fake with a client built on the *http.Client it is given, and, when no
// vendor document covers what it sends, names the source it rests on in
// Source. A departure on purpose is a Deviation with its reason; a defect
// being fixed is listed in API.Known with its issue, and the test fails
// once it is fixed so the entry gets removed. Then run make conformance
// and commit CONFORMANCE.md.
package conformance
