package de.wegweiser.rules;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Long-lived workers (sessions with their scratch space), each used by one thread at a time. At
 * most {@code max} exist; further callers wait in arrival order. A worker that is no longer
 * {@linkplain Member#reusable() reusable} is disposed when it comes back, and so is every worker
 * after {@link #close()}, which may run while workers are in use (a snapshot swap).
 */
final class WorkerPool<W extends WorkerPool.Member> {

    interface Member {
        /** False when the last use left state another request must not see. */
        boolean reusable();

        void dispose();
    }

    private final Semaphore permits;
    private final ConcurrentLinkedDeque<W> idle = new ConcurrentLinkedDeque<>();
    private final Supplier<W> factory;
    private volatile boolean closed;

    WorkerPool(int max, Supplier<W> factory) {
        if (max < 1) throw new IllegalArgumentException("at least one worker needed, got " + max);
        // fair: waiting callers get a worker in arrival order, or a burst of 32 connections
        // leaves some requests waiting far longer than the rest (p99 explodes, clients time out)
        this.permits = new Semaphore(max, true);
        this.factory = factory;
    }

    /** Adds a worker made up front, so its cost belongs to loading a version, not to a request. */
    void add(W worker) { idle.add(worker); }

    <R> R use(Function<W, R> work) {
        permits.acquireUninterruptibly();
        W worker = null;
        try {
            worker = idle.pollFirst();
            if (worker == null) worker = factory.get();
            return work.apply(worker);
        } finally {
            if (worker != null) giveBack(worker);
            permits.release();
        }
    }

    private void giveBack(W worker) {
        if (!worker.reusable() || closed) {
            worker.dispose();
            return;
        }
        idle.addFirst(worker);
        // close() may have drained the pool between the check and the add: whoever removes it disposes it
        if (closed && idle.remove(worker)) worker.dispose();
    }

    void close() {
        closed = true;
        for (W worker; (worker = idle.pollFirst()) != null; ) worker.dispose();
    }
}
