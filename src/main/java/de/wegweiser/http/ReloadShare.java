package de.wegweiser.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Gives a reload its share of the CPU. Linux ignores Java thread priorities, so under full load the
 * one thread that builds a new version competes with every request thread and got a few percent of
 * the cores: a rule change took 7 s to go live instead of 1. While a reload runs, at most
 * {@code share} requests are handled at once (one core's worth on two cores); the others wait
 * their turn on the connection, unanswered but not refused, and all go ahead as soon as the
 * reload is done. Admin requests neither wait nor count: one of them may be the reload itself
 * (a deployment), and the status must answer while it runs.
 */
public final class ReloadShare extends Handler.Wrapper {

    /** How often a waiting request looks again whether the reload is over (it is also woken when one leaves). */
    private static final long RECHECK_MILLIS = 20;

    private static final String ADMIN = "/api/v1/admin/";

    private final BooleanSupplier reloading;
    private final int share;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition left = lock.newCondition();
    private final AtomicInteger inside = new AtomicInteger();

    /**
     * @param reloading whether a new version is being built now
     * @param share     how many requests may be handled at once while it is
     */
    public ReloadShare(BooleanSupplier reloading, int share) {
        if (share < 1) throw new IllegalArgumentException("share must be at least 1, got " + share);
        this.reloading = reloading;
        this.share = share;
    }

    /** The same, around a handler of its own. */
    ReloadShare(BooleanSupplier reloading, int share, Handler handler) {
        this(reloading, share);
        setHandler(handler);
    }

    /** One core's worth fewer than there are cores, and at least one. */
    public static int forCores(int cores) {
        return Math.max(1, cores - 1);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (Request.getPathInContext(request).startsWith(ADMIN)) return super.handle(request, response, callback);
        enter();
        Callback leaving = Callback.from(callback, this::leave);
        boolean handled;
        try {
            handled = super.handle(request, response, leaving);
        } catch (Throwable e) {
            leave();
            throw e;
        }
        if (!handled) leave();
        return handled;
    }

    private void enter() {
        if (!reloading.getAsBoolean()) { // the usual case: no lock
            inside.incrementAndGet();
            return;
        }
        lock.lock();
        try {
            while (inside.get() >= share && reloading.getAsBoolean()) {
                left.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: let it through, Jetty's stop deals with it
        } finally {
            inside.incrementAndGet();
            lock.unlock();
        }
    }

    private void leave() {
        inside.decrementAndGet();
        if (!reloading.getAsBoolean()) return;
        lock.lock();
        try {
            left.signal();
        } finally {
            lock.unlock();
        }
    }
}
