// Package speccheck compares real HTTP traffic with the OpenAPI document it
// should follow and reports every disagreement as a Drift: a field the
// document does not declare, a required field that is missing, a value of
// the wrong type, a status the operation does not declare, a constraint
// (enum, format, length) broken.
//
// cdpkit's documents are written from incomplete vendor sources, and the
// parts no source confirms are marked x-unverified. A Checker tells which of
// those inferred parts hold against the live service: each Drift says
// whether the part of the document it contradicts is x-unverified, and
// drifts come sorted with those first.
//
//	checker, err := speccheck.New(ctx, "usermost")
//	...
//	for _, d := range checker.CheckExchange(req, reqBody, resp, respBody) {
//		log.Println(d) // usermost upsertUser response 200 /response/data/email: wrong_type: ...
//	}
//	fmt.Println(checker.Counts())
//
// A Checker never fails or changes anything: it reads copies of the bodies
// and returns values. It is safe for concurrent use. Messages never contain
// the values that were checked (kin-openapi's reasons are written not to),
// so a drift can be logged even when the traffic carried secrets.
//
// Validation is kin-openapi's (the same library the fakes and specgen use).
// kin-openapi only reports an unknown field where the document says
// additionalProperties: false, so unknown fields come from a walk of the
// body against the schema that follows $ref, allOf, anyOf, oneOf (the
// branches the value matches) and nullable, and treats an object whose
// schema declares no properties as free-form.
//
// `specgen verify --har` runs the same checks over recorded traffic.
package speccheck
