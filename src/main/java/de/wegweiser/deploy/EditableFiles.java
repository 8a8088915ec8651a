package de.wegweiser.deploy;

import de.wegweiser.files.SourceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files a marketer may edit over the admin API: the rule files (DRL, decision tables,
 * scenarios) and the catalog files, each named by its root ({@code rules} or {@code catalog}) and
 * a relative path with '/'. Every name a client sends is checked here before it touches the
 * file system: no "..", no absolute or hidden paths, no symbolic links, only the file kinds the
 * loaders read.
 */
public final class EditableFiles {

    public static final String RULES = "rules";
    public static final String CATALOG = "catalog";
    public static final List<String> ROOTS = List.of(RULES, CATALOG);
    /** What the loaders read: rules, decision tables, catalog and scenario YAML. Anything else is not the service's business. */
    public static final List<String> EXTENSIONS = List.of(".drl", ".csv", ".yaml", ".yml");
    /** Largest file the API reads or writes: far above any rule file, and below the request body limit. */
    public static final int MAX_FILE_BYTES = 512 * 1024;
    /** Longest relative path, and deepest folder nesting, a client may name. */
    public static final int MAX_PATH_CHARS = 200;
    public static final int MAX_DEPTH = 8;
    /** One path segment: letters, digits, '.', '_' and '-', not starting with '.' (no hidden files, no "." or ".."). */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final Map<String, Path> roots;

    public EditableFiles(Path rulesDir, Path catalogDir) {
        this.roots = Map.of(RULES, rulesDir, CATALOG, catalogDir);
    }

    /** One editable file as listed: where it is, its size and the SHA-256 of its bytes (hex). */
    public record FileInfo(String root, String path, long bytes, String sha256) {}

    /** One editable file's text, with the hash to send back as {@code baseSha256} when saving it. */
    public record FileText(String root, String path, String content, long bytes, String sha256) {}

    /** A name the API refuses: {@code field} is the request field it came from, the message says what is allowed. */
    public static final class BadName extends RuntimeException {
        private final String field;

        BadName(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() { return field; }
    }

    /** A well-formed name of a file that does not exist (or is not one the API shows). */
    public static final class NoSuchFile extends RuntimeException {
        NoSuchFile(String message) {
            super(message);
        }
    }

    public Path root(String root) {
        return roots.get(root);
    }

    /** Every editable file under both roots, rules first, each sorted by path. */
    public List<FileInfo> list() {
        List<FileInfo> files = new ArrayList<>();
        for (String root : ROOTS) {
            Path dir = roots.get(root);
            if (!Files.isDirectory(dir)) continue;
            // links are not followed: a file reached through one is not editable, and a link cannot make a loop
            Path real = realPath(dir);
            try (Stream<Path> walk = Files.walk(real)) {
                for (Path file : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    String path = SourceFiles.relative(real, file);
                    if (!editable(root, path)) continue;
                    byte[] bytes = bytes(file);
                    files.add(new FileInfo(root, path, bytes.length, sha256(bytes)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            files.sort(java.util.Comparator.comparing(FileInfo::root, java.util.Comparator.comparing(ROOTS::indexOf))
                    .thenComparing(FileInfo::path));
        }
        return files;
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private boolean editable(String root, String path) {
        try {
            check(root, path, "path");
            return true;
        } catch (BadName | NoSuchFile e) {
            return false;
        }
    }

    /** The text of one existing file; 400 for a bad name, 404 for no such file. */
    public FileText read(String root, String path) {
        Path file = existing(root, path, "path");
        byte[] bytes = bytes(file);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new BadName("path", "%s/%s has %d bytes; the API edits files of up to %d bytes".formatted(root, path, bytes.length, MAX_FILE_BYTES));
        }
        return new FileText(root, path, utf8(bytes, "path"), bytes.length, sha256(bytes));
    }

    /** The existing regular file at a checked name. */
    public Path existing(String root, String path, String field) {
        Path file = check(root, path, field);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFile("there is no file %s in %s; GET /api/v1/admin/files lists them".formatted(path, root));
        }
        return file;
    }

    /** The file's bytes now, or empty when it does not exist. */
    public Optional<byte[]> current(String root, String path) {
        Path file = check(root, path, "path");
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(bytes(file)) : Optional.empty();
    }

    /**
     * Where a name points, after checking it: a known root; a relative path of at most
     * {@value #MAX_DEPTH} plain segments; a known extension; and no symbolic link on the way
     * from the root to the file, so the real file lies inside the root. The file need not exist.
     *
     * @param field the request field the name came from, named in the refusal
     */
    public Path check(String root, String path, String field) {
        Path dir = roots.get(root);
        if (dir == null) throw new BadName(field.equals("path") ? "root" : field.replaceAll("path$", "root"),
                "unknown root '%s'; must be %s".formatted(shortened(root), String.join(" or ", ROOTS)));
        if (path == null || path.isEmpty()) throw new BadName(field, "missing; a path relative to the %s directory, e.g. %s"
                .formatted(root, root.equals(RULES) ? "journey/settings.drl" : "whitepapers.yaml"));
        if (path.length() > MAX_PATH_CHARS) throw new BadName(field, "longer than %d characters".formatted(MAX_PATH_CHARS));
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw new BadName(field, "'%s' is not a relative path; write it relative to the %s directory with '/', e.g. journey/settings.drl"
                    .formatted(shortened(path), root));
        }
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_DEPTH) throw new BadName(field, "'%s' is nested deeper than %d folders".formatted(shortened(path), MAX_DEPTH));
        for (String segment : segments) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new BadName(field, "'%s' leaves its folder ('%s'); name a file inside the %s directory".formatted(shortened(path), segment, root));
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new BadName(field, ("'%s' is not a name the API edits: each part of the path is letters, digits, '.', '_' and '-', "
                        + "and does not start with '.' (no hidden files)").formatted(shortened(path)));
            }
        }
        if (EXTENSIONS.stream().noneMatch(path::endsWith)) {
            throw new BadName(field, "'%s' is not a rule, decision table, scenario or catalog file; the name must end with %s"
                    .formatted(shortened(path), String.join(", ", EXTENSIONS)));
        }
        Path file = dir;
        for (String segment : segments) {
            file = file.resolve(segment);
            if (Files.isSymbolicLink(file)) {
                throw new NoSuchFile("%s in %s is a symbolic link; the API edits only files inside the directory itself".formatted(path, root));
            }
        }
        return file;
    }

    /** SHA-256 of the bytes, as 64 lower-case hex digits. */
    public static String sha256(byte[] bytes) {
        return new SourceFiles.Content("", bytes).hash();
    }

    /** The bytes as text, if they are UTF-8 (the loaders read nothing else). */
    static String utf8(byte[] bytes, String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadName(field, "the file is not UTF-8 text");
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Copies the tree under {@code from} (following links, as the loaders do) to {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> walk = Files.walk(from, FileVisitOption.FOLLOW_LINKS)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else if (Files.isRegularFile(source)) Files.copy(source, target);
            }
        }
    }

    private static String shortened(String text) {
        if (text == null) return "";
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
