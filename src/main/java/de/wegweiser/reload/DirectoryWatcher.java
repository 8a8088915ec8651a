package de.wegweiser.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches directory trees and calls back once the files have been quiet for the debounce time:
 * an editor saving several files, or a git pull, leads to one reload, not many. Callbacks run on
 * one thread, so builds never overlap.
 */
public final class DirectoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService watchService;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private final Runnable onChange;
    private final Duration debounce;
    private ScheduledFuture<?> pending;

    public DirectoryWatcher(List<Path> roots, Duration debounce, Runnable onChange) {
        this.onChange = onChange;
        this.debounce = debounce;
        try {
            this.watchService = FileSystems.getDefault().newWatchService();
            for (Path root : roots) registerTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + roots, e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "wegweiser-reload"));
        this.thread = daemon(this::watch, "wegweiser-watch");
        thread.start();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread t = new Thread(runnable, name);
        t.setDaemon(true);
        return t;
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                Path dir = (Path) key.watchable();
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
                        registerTree(dir.resolve(name)); // new sub-folder, e.g. rules/scenarios
                    }
                }
                key.reset();
                schedule();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (IOException e) {
            LOG.error("file watching stopped; reload with POST /api/v1/admin/reload", e);
        }
    }

    private synchronized void schedule() {
        if (pending != null) pending.cancel(false);
        pending = scheduler.schedule(this::fire, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fire() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.error("reload after a file change failed", e);
        }
    }

    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("closing the file watcher", e);
        }
        thread.interrupt();
        scheduler.shutdownNow();
        try {
            // let a reload in progress finish before the caller removes what it reads
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
