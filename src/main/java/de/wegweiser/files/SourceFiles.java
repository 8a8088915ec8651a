package de.wegweiser.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a marketer edits (catalog YAML, rule DRL): listed in a stable order and hashed,
 * so a version names exactly the content it was built from.
 */
public final class SourceFiles {

    private SourceFiles() {}

    /** Regular files under {@code dir} whose name ends with one of the suffixes, sorted by relative path. */
    public static List<Path> list(Path dir, String... suffixes) {
        // follow links: deployments often point rules/ or content-catalog/ at a release folder
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted((a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Relative path with forward slashes, as shown to marketers. */
    public static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /** {@code file:line:column} as editors and marketers read it; an unknown line or column (0) is left out. */
    /** Where each line of a text starts: {@code [0, offset after the first '\n', ...]}. */
    public static int[] lineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') count++;
        int[] starts = new int[count];
        for (int i = 0, line = 1; i < text.length(); i++) if (text.charAt(i) == '\n') starts[line++] = i + 1;
        return starts;
    }

    public static String location(String file, int line, int column) {
        if (line <= 0) return file;
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }

    /**
     * One file as read: its relative name and its bytes. Whoever parses these bytes parses exactly
     * the content that {@link #hash(List)} names, even if the file changes meanwhile.
     */
    public record Content(String name, byte[] bytes) {

        /** SHA-256 of the bytes alone: says whether this one file changed. */
        public String hash() {
            return HexFormat.of().formatHex(sha256().digest(bytes));
        }
    }

    /** Reads each file once, in the given order. */
    public static List<Content> read(Path dir, List<Path> files) {
        try {
            List<Content> contents = new ArrayList<>(files.size());
            for (Path file : files) contents.add(new Content(relative(dir, file), Files.readAllBytes(file)));
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    /** SHA-256 over relative names and contents, shortened to 12 hex digits. */
    public static String hash(Path dir, List<Path> files) {
        return hash(read(dir, files));
    }

    /** The same hash as {@link #hash(Path, List)}, over files already read. */
    public static String hash(List<Content> contents) {
        MessageDigest digest = sha256();
        for (Content content : contents) {
            digest.update(content.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content.bytes());
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
