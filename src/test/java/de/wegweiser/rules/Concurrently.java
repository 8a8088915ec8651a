package de.wegweiser.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs a task on several threads at once, for tests of evaluators shared by many callers. */
final class Concurrently {

    interface Action {
        void run() throws Exception;
    }

    private Concurrently() {}

    /**
     * @param task          what thread {@code t} does; its result is returned in thread order
     * @param onceAllRun    done once every thread has started, while they run (e.g. closing the evaluator)
     */
    static <T> List<T> run(int threads, IntFunction<Callable<T>> task, Action onceAllRun) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch running = new CountDownLatch(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<T> work = task.apply(t);
                futures.add(pool.submit(() -> {
                    running.countDown();
                    return work.call();
                }));
            }
            running.await();
            onceAllRun.run();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) results.add(future.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
