package track

// Durability says which accepted messages survive when the process dies
// before they are delivered. It is chosen with WithDurability.
type Durability int

const (
	// MemoryOnly keeps the queue and the batches in flight in memory; only
	// batches that ran out of retries, or were still undelivered at Close,
	// reach the spill directory. A crash (SIGKILL, OOM kill, power loss)
	// loses every message accepted but not yet delivered or spilled: up to
	// the queue capacity plus concurrency × batch size messages.
	MemoryOnly Durability = iota + 1
	// DurableBatch appends every message to a write-ahead log in the spill
	// directory before Enqueue returns, and flushes the log to disk every
	// sync interval (WithSyncInterval) in the background. A killed process
	// loses nothing: the operating system holds what was written. A power
	// failure or kernel crash can lose the messages accepted during the
	// last sync interval. It is the default with WithSpillDir.
	DurableBatch
	// DurableSync makes Enqueue return only once the message is on disk
	// (fsync). Callers enqueueing at the same time share one fsync, so the
	// cost falls as concurrency rises. Nothing accepted is lost to a crash
	// or a power failure, short of the disk itself failing.
	DurableSync
)

// String names the mode as its constant does.
func (d Durability) String() string {
	switch d {
	case MemoryOnly:
		return "MemoryOnly"
	case DurableBatch:
		return "DurableBatch"
	case DurableSync:
		return "DurableSync"
	}
	return "Durability(invalid)"
}
