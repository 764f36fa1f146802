// Package reliability holds the suite that treats every cdpkit client the
// way the world will: through a hostile network, from a careless caller,
// and under the eyes of someone looking for a leaked secret. It has no code
// of its own beyond this comment; everything is in its tests:
//
//   - calls_test.go: a catalogue of one valid call per exported method of
//     the four clients, each marked read or write and, for writes, whether
//     the API can de-duplicate a retry. A reflection test fails when a
//     method is added without an entry.
//   - faults_test.go: every write through internal/faultproxy in front of
//     the API's fake, with every kind of fault: each write is stored exactly
//     once or returns an error, a write the API cannot de-duplicate is never
//     resent after the server may have stored it, deadlines are honoured
//     within 50 ms, and no goroutine outlives the run (goleak).
//   - memory_test.go: peak heap while hostile bodies (endless, huge) come in.
//   - badinput_test.go: nil contexts, zero values, hostile strings, NaN,
//     channels in maps, nil readers, bad environment variables: a clear
//     error before any request, never a panic.
//   - secrets_test.go: a sentinel key, password and token through every
//     client, error path, log level and print verb.
//
// The figures the README quotes come from these tests; run
//
//	go test ./internal/reliability -run Figures -v
//
// to print them.
package reliability
