package de.wegweiser.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an open H2 file compact while it is written, in small steps.
 *
 * <p>H2's file is a log: every flush appends a chunk with the B-tree pages it changed, and a chunk's
 * space is reused only once none of its pages is live any more. A chunk that keeps a few live pages
 * (a full leaf of the event index that nothing changes again) stays, so the file grows unless live
 * pages are moved out of such chunks and chunks are moved into the gaps. H2 does that itself only
 * on its background thread, in steps sized by its memory buffer (19 MB at a 2 GB heap): each step
 * held the store lock for up to a few hundred milliseconds, and every commit waiting for a flush
 * waited for it (p99 over 200 ms). This class does the same work in steps of at most {@link #REWRITE_STEP}
 * and {@link #MOVE_STEP} bytes, so a flush waits a few milliseconds at most; H2's own compaction is
 * switched off ({@code AUTO_COMPACT_FILL_RATE=0}).
 *
 * <p>Uses H2's internal API (the embedded session's {@link MVStore}); H2's version is pinned, and
 * {@code H2FileGrowthTest} fails if this stops working.
 */
final class H2Compactor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Compactor.class);

    /** Rewrite the live pages of the sparsest chunks while the chunks hold less live data than this (percent). */
    static final int CHUNK_FILL_TARGET = 80;
    /** Move chunks into gaps while less of the file than this is in use (percent). */
    static final int FILE_FILL_TARGET = 80;
    static final int REWRITE_STEP = Integer.getInteger("wegweiser.h2.rewriteKb", 256) * 1024;
    static final int MOVE_STEP = Integer.getInteger("wegweiser.h2.moveKb", 1024) * 1024;
    /** Pause after a step that did something, and when there was nothing to do. */
    static final long BUSY_PAUSE_MILLIS = 5;
    static final long IDLE_PAUSE_MILLIS = 100;

    static final boolean DEBUG = Boolean.getBoolean("wegweiser.h2.debugCompactor");
    private final MVStore store;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean closed;
    private volatile long steps;

    private H2Compactor(MVStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "wegweiser-h2-compactor");
        thread.setDaemon(true);
    }

    /** Starts compacting the embedded H2 database behind the data source; null if it is not an embedded file. */
    static H2Compactor start(DataSource dataSource) {
        MVStore store;
        try (Connection connection = dataSource.getConnection()) {
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) return null;
            if (!session.getDatabase().isPersistent()) return null;
            store = session.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw new StorageException("cannot reach H2's store: " + e.getMessage(), e);
        }
        if (!(store.getFileStore() instanceof RandomAccessStore)) return null;
        H2Compactor compactor = new H2Compactor(store);
        compactor.thread.start();
        return compactor;
    }

    /** Steps that rewrote or moved something, for measurements. */
    long steps() { return steps; }

    private void run() {
        RandomAccessStore file = (RandomAccessStore) store.getFileStore();
        long lastLog = System.nanoTime(); long tries = 0, rewrites = 0, moves = 0;
        while (!closed) {
            boolean worked = false;
            if (DEBUG && System.nanoTime() - lastLog > 2_000_000_000L) {
                System.err.printf("compactor: chunks fill %d, file fill %d, MB %d, tries %d, rewrites %d, moves %d%n",
                        file.getChunksFillRate(), file.getFillRate(), file.size() >> 20, tries, rewrites, moves);
                lastLog = System.nanoTime();
            }
            try {
                if (file.getChunksFillRate() < CHUNK_FILL_TARGET) { tries++; worked = store.compact(CHUNK_FILL_TARGET, REWRITE_STEP); if (worked) rewrites++; }
                if (!closed && file.getFillRate() < FILE_FILL_TARGET) {
                    file.compactMoveChunks(FILE_FILL_TARGET, MOVE_STEP, store);
                    worked = true; moves++;
                }
            } catch (RuntimeException e) {
                if (closed || store.isClosed()) return;
                LOG.warn("compacting the H2 file failed; trying again in a second", e);
                pause(1000);
                continue;
            }
            if (worked) steps++;
            pause(worked ? BUSY_PAUSE_MILLIS : IDLE_PAUSE_MILLIS);
        }
    }

    /** Waits without interrupts: an interrupt during file I/O would close H2's file channel. */
    private void pause(long millis) {
        synchronized (wakeUp) {
            if (closed) return;
            try {
                wakeUp.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    /** Stops after the current step; the database closes after this. */
    @Override
    public void close() {
        synchronized (wakeUp) {
            closed = true;
            wakeUp.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
