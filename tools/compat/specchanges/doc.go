// Command specchanges prints, as JSON on stdout, every change oasdiff finds
// between two OpenAPI documents:
//
//	go run ./specchanges OLD.yaml NEW.yaml
//
// Each change has oasdiff's rule id, level (error, warning, info), the
// operation (method, path, operationId), oasdiff's English text and the
// line in the new (or, for removals, the old) document. The exit status is
// 0 when both documents loaded, whatever changed; 1 when one did not.
// Deciding what is breaking and what to print is specgen's job.
package main
