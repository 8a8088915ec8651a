package de.wegweiser.domain;

import java.time.Instant;
import java.util.List;

/**
 * One change of rule or catalog files that went live through the admin API: who, when, why,
 * which files (by content hash) and the versions before and after.
 *
 * @param id      1, 2, 3, ... in the order the deployments went live
 * @param message the author's note on the change, or null
 */
public record Deployment(long id, String author, Instant at, String message, List<File> files, Versions before, Versions after) {

    public Deployment {
        files = List.copyOf(files);
    }

    /**
     * One file of a deployment.
     *
     * @param root         {@code rules} or {@code catalog}
     * @param path         relative to the root, with '/'
     * @param sha256Before the file's SHA-256 before, or null when the deployment created it
     * @param sha256After  the file's SHA-256 after, or null when the deployment deleted it
     */
    public record File(String root, String path, String sha256Before, String sha256After) {}

    /** The content-hash versions of what was live: recommendation rules, journey rules, account rules, catalog. */
    public record Versions(String rules, String journey, String account, String catalog) {}
}
