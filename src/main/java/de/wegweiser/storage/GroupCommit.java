package de.wegweiser.storage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes committed transactions durable in groups: one flush ({@link H2File#flush}, which writes
 * everything committed so far to the file) for every transaction that committed before it began.
 *
 * <p>Why: H2 appends a chunk to its file for every flush, and each chunk holds every B-tree page the
 * flush covers plus the file's chunk table. With a flush per event (H2's {@code WRITE_DELAY=0})
 * that was 42-50 KB written per event, most of it the same shared pages again and again; a flush
 * for a group of 6-8 events wrote 21-25 KB per event, and a compacting H2 has half as much to clean.
 *
 * <p>How: a transaction that committed waits here until a flush that started after its commit has
 * ended. The first waiter leads: it waits until no other write transaction is still running (they
 * will commit soon and join the group) or until {@code maxWait} has passed since the oldest waiter
 * arrived, then flushes for everyone who committed so far. Alone, a transaction flushes at once.
 */
final class GroupCommit {

    /** The flush: everything committed before it started is on disk (in the OS's cache) when it returns. */
    @FunctionalInterface
    interface Flush {
        void run() throws Exception;
    }

    private final Flush flush;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private int running;          // write transactions begun and not yet committed or rolled back
    private long committed;       // commits so far; a commit's number is its ticket
    private long durable;         // every ticket up to this one is flushed
    private boolean flushing;
    private long oldestWaiterSince;
    private long flushes;

    GroupCommit(Flush flush, long maxWait, TimeUnit unit) {
        this.flush = flush;
        this.maxWaitNanos = unit.toNanos(maxWait);
    }

    /** A write transaction begins: a leader waits for it (up to the maximum wait) to join the group. */
    void begin() {
        lock.lock();
        try {
            running++;
        } finally {
            lock.unlock();
        }
    }

    /** The transaction rolled back: nothing to flush for it. */
    void rolledBack() {
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The transaction committed; returns its ticket for {@link #awaitDurable}. */
    long committed() {
        lock.lock();
        try {
            running--;
            if (committed == durable && !flushing) oldestWaiterSince = System.nanoTime();
            changed.signalAll();
            return ++committed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once a flush that started after the ticket's commit has ended.
     *
     * @throws StorageException if the flush failed; the transaction committed, but may be lost on a crash
     */
    void awaitDurable(long ticket) {
        lock.lock();
        try {
            boolean interrupted = false;
            while (durable < ticket) {
                if (flushing) {
                    interrupted |= await(0);
                    continue;
                }
                long waited = System.nanoTime() - oldestWaiterSince;
                if (running > 0 && waited < maxWaitNanos) {
                    interrupted |= await(maxWaitNanos - waited);
                    continue;
                }
                lead();
            }
            if (interrupted) Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** How many flushes ran: flushes / commits is the group size. */
    long flushes() {
        lock.lock();
        try {
            return flushes;
        } finally {
            lock.unlock();
        }
    }

    /** Flushes for every commit so far; called and returns with the lock held. */
    private void lead() {
        long target = committed;
        flushing = true;
        lock.unlock();
        Exception failure = null;
        try {
            flush.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            lock.lock();
            flushing = false;
            changed.signalAll();
        }
        if (failure != null) throw new StorageException("cannot write the committed transactions to the file: " + failure.getMessage(), failure);
        flushes++;
        durable = Math.max(durable, target);
        // commits that arrived during the flush wait from now on, or from their commit if later
        if (committed > durable) oldestWaiterSince = System.nanoTime();
    }

    /** Waits for a change (or the time, if above 0); true if interrupted: the caller still waits for its flush. */
    private boolean await(long nanos) {
        try {
            if (nanos > 0) changed.awaitNanos(nanos);
            else changed.await();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
