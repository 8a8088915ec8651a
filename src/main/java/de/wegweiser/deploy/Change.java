package de.wegweiser.deploy;

/**
 * One file of a draft or deployment: new content for a file (created if it does not exist), or
 * its removal.
 *
 * @param root       {@code rules} or {@code catalog}
 * @param path       relative to the root, with '/'
 * @param content    the whole new text, or null to delete the file
 * @param baseSha256 the SHA-256 of the file as the editor loaded it, or null; a deployment refuses
 *                   the change if the live file no longer has it (someone else changed it meanwhile)
 */
public record Change(String root, String path, String content, String baseSha256) {

    public boolean deletes() { return content == null; }

    public String describe() { return root + "/" + path; }
}
