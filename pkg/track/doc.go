// Package track is an asynchronous, batching event pipeline that never loses
// an event without telling you.
//
// A Tracker takes messages with Enqueue (non-blocking unless the queue is
// full), groups them into batches by count, bytes and time, and delivers the
// batches to a Sink in the background with bounded concurrency and retries:
//
//	tr, err := track.New(track.UsermostSink(client),
//		track.WithBatchSize(25),
//		track.WithFlushInterval(2*time.Second),
//		track.WithOnFailure(func(b track.Batch, err error) { log.Println(len(b.Messages), err) }),
//	)
//	_ = tr.Enqueue(ctx, track.Message{Type: track.TypeTrack, UserID: "u-42", Event: "Signed Up"})
//	...
//	if err := tr.Close(ctx); err != nil { // drains the queue; ctx bounds the wait
//		var undelivered *track.UndeliveredError
//		errors.As(err, &undelivered)
//	}
//
// # Guarantees
//
// Every message that Enqueue accepted ends in exactly one of: delivered
// (OnSuccess), spilled to disk for the next start (WithSpillDir), or failed
// (OnFailure, and counted in the error Close returns). Nothing is dropped
// silently: a full queue either blocks the caller (FullQueueBlock, bounded by
// its context) or is refused with ErrQueueFull (FullQueueReject). Memory is
// bounded by the queue capacity plus the in-flight batches, however long the
// endpoint stays down.
//
// What survives a crash depends on the Durability mode. With a spill
// directory the default, DurableBatch, writes every message to a
// write-ahead log before Enqueue returns, so a killed process loses nothing
// and the next start replays it; DurableSync also syncs it to disk, so not
// even a power failure loses it; MemoryOnly (the default without a spill
// directory) keeps the queue in memory only.
//
// Every message gets a unique ID at Enqueue, and every batch an ID derived
// from its messages' IDs. Sinks send the batch ID as their idempotency key,
// so a batch that is retried after a lost response, or replayed from disk, is
// stored once by the API.
//
// Flush waits until everything enqueued before it has been resolved; Close
// stops intake, sends what is queued and waits, up to its context's
// deadline. Stats reports counters and the Tracker logs to a *slog.Logger.
//
// A sink's client keeps its own retries (two by default), and the Tracker
// retries a failed batch on top of them, waiting at least as long as any
// Retry-After the API sent. For a long outage that multiplies the requests:
// give the sink's client option.WithMaxRetries(0) to leave retrying to the
// Tracker alone.
//
// Several destinations are combined with Multi, which gives each sink its
// own queue and retries so a slow API does not hold up the others.
package track
