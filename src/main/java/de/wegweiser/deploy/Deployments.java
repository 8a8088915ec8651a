package de.wegweiser.deploy;

import de.wegweiser.domain.Deployment;
import de.wegweiser.reload.LoadedVersion;
import de.wegweiser.reload.ReloadProblem;
import de.wegweiser.reload.ReloadReport;
import de.wegweiser.reload.Reloader;
import de.wegweiser.storage.DeploymentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a change live through the same validation as a draft, and records it. Deployments run one
 * at a time. The files are written only after the draft passed, each atomically (a reader sees the
 * old file or the new one, never half of it), under the reloader's lock, and the reload that follows
 * must deploy them; if it refuses (another change to the files came in between), the files are put
 * back as they were.
 */
public final class Deployments {

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    private final Drafts drafts;
    private final Reloader reloader;
    private final DeploymentStore store;
    private final Clock clock;
    private final Object lock = new Object();

    public Deployments(Drafts drafts, Reloader reloader, DeploymentStore store, Clock clock) {
        this.drafts = drafts;
        this.reloader = reloader;
        this.store = store;
        this.clock = clock;
    }

    /** The draft does not pass: nothing was written. */
    public static final class Rejected extends RuntimeException {
        private final DraftReport report;

        Rejected(DraftReport report) {
            super("the change does not pass the checks; nothing was deployed");
            this.report = report;
        }

        public DraftReport report() { return report; }
    }

    /**
     * The live file is not the one the change was made on.
     *
     * @param index   the change's place in the list given to {@link #deploy}
     * @param current the live file's SHA-256 now, or null when it does not exist
     */
    public record StaleFile(int index, Change change, String current) {}

    public static final class Stale extends RuntimeException {
        private final List<StaleFile> files;

        Stale(List<StaleFile> files) {
            super("the live files changed since the change was made on them");
            this.files = List.copyOf(files);
        }

        public List<StaleFile> files() { return files; }
    }

    /** The reload after writing refused the files (someone changed others at the same time); they were put back. */
    public static final class Refused extends RuntimeException {
        private final List<ReloadProblem> problems;

        Refused(List<ReloadProblem> problems) {
            super("the reload after writing the files refused them, so they were put back as they were");
            this.problems = List.copyOf(problems);
        }

        public List<ReloadProblem> problems() { return problems; }
    }

    /** Every file of the change is already live as it is: there is nothing to deploy. */
    public static final class NothingToDeploy extends RuntimeException {
        NothingToDeploy() {
            super("every file of the change is already live as it is; there is nothing to deploy");
        }
    }

    /** What a file was before the deployment: its bytes, or null when it did not exist. */
    private record Before(Change change, Path file, byte[] bytes) {
        String sha256() { return bytes == null ? null : EditableFiles.sha256(bytes); }
    }

    /**
     * Checks the change as a draft does, writes it, reloads and records it.
     *
     * @param author  who deploys, as the record shows it
     * @param message the author's note, or null
     */
    public Deployment deploy(List<Change> changes, String author, String message) {
        synchronized (lock) {
            EditableFiles files = drafts.files();
            List<Before> before = new ArrayList<>();
            for (Change change : changes) {
                Path file = files.check(change.root(), change.path(), "path");
                before.add(new Before(change, file, files.current(change.root(), change.path()).orElse(null)));
            }
            requireUnchanged(before, true);
            if (before.stream().allMatch(Deployments::alreadyLive)) throw new NothingToDeploy();
            Drafts.Checked draft = drafts.checked(changes, false);
            if (!draft.report().valid()) throw new Rejected(draft.report());

            LoadedVersion live = reloader.status().live();
            ReloadReport reload = reloader.reload("deployment", () -> {
                requireUnchanged(before, false); // the draft was checked on these contents
                try {
                    write(before);
                } catch (RuntimeException e) {
                    restore(before); // a disk that fills up half-way leaves the files as they were
                    throw e;
                }
            }, draft.candidate()); // what the draft compiled from these very files is not compiled again
            if (reload.outcome().equals(ReloadReport.FAILED)) {
                LOG.warn("the reload after a deployment refused it; putting the {} file(s) back", before.size());
                reloader.reload("deployment undone", () -> restore(before));
                throw new Refused(reload.problems());
            }
            List<Deployment.File> written = before.stream().map(b -> new Deployment.File(b.change().root(), b.change().path(), b.sha256(),
                    b.change().deletes() ? null : EditableFiles.sha256(b.change().content().getBytes(StandardCharsets.UTF_8)))).toList();
            Deployment deployment = store.add(new Deployment(0, author, clock.instant(), message, written, versions(live),
                    versions(reload.live())));
            LOG.info("deployment {} by {}: {} file(s), rules {} -> {}, catalog {} -> {}", deployment.id(), author, written.size(),
                    deployment.before().rules(), deployment.after().rules(), deployment.before().catalog(), deployment.after().catalog());
            return deployment;
        }
    }

    public Optional<Deployment> get(long id) {
        return store.get(id);
    }

    /** The newest deployments first; {@code before} is the id the page before ended with, or null. */
    public List<Deployment> list(int limit, Long before) {
        return store.list(limit, before);
    }

    private static Deployment.Versions versions(LoadedVersion v) {
        return new Deployment.Versions(v.rulesVersion(), v.journeyRulesVersion(), v.accountRulesVersion(), v.catalogVersion());
    }

    private static boolean alreadyLive(Before b) {
        if (b.change().deletes()) return b.bytes() == null;
        return b.bytes() != null && Arrays.equals(b.bytes(), b.change().content().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param againstBase true: each file against the hash its editor loaded ({@code baseSha256}); false: against
     *                    what it was when this deployment read it
     */
    private static void requireUnchanged(List<Before> before, boolean againstBase) {
        List<StaleFile> stale = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Before b = before.get(i);
            String now = b.sha256();
            if (!againstBase) {
                byte[] bytes = Files.isRegularFile(b.file()) ? EditableFiles.bytes(b.file()) : null;
                now = bytes == null ? null : EditableFiles.sha256(bytes);
                if (!java.util.Objects.equals(now, b.sha256())) stale.add(new StaleFile(i, b.change(), now));
            } else if (b.change().baseSha256() != null && !b.change().baseSha256().equalsIgnoreCase(String.valueOf(now))) {
                stale.add(new StaleFile(i, b.change(), now));
            }
        }
        if (!stale.isEmpty()) throw new Stale(stale);
    }

    private static void write(List<Before> before) {
        for (Before b : before) {
            if (b.change().deletes()) delete(b.file());
            else replace(b.file(), b.change().content().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void restore(List<Before> before) {
        for (Before b : before) {
            if (b.bytes() == null) delete(b.file());
            else replace(b.file(), b.bytes());
        }
    }

    /**
     * Writes the file next to its place, then moves it there in one step: the file watcher and a
     * reload see the old content or the new, never a half-written file.
     */
    static void replace(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".wegweiser-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
