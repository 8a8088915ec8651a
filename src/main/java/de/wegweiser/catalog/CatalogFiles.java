package de.wegweiser.catalog;

import static de.wegweiser.catalog.CatalogLoader.MAX_CATALOG_BYTES;
import static de.wegweiser.catalog.CatalogLoader.MAX_FILE_BYTES;
import static de.wegweiser.catalog.CatalogLoader.MAX_LINE_CHARACTERS;

import de.wegweiser.files.SourceFiles;
import de.wegweiser.files.SourceFiles.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads catalog files within the limits that keep a reload short, and checks what the YAML parser
 * must not be given. Every check here is one pass over the bytes.
 */
final class CatalogFiles {

    private CatalogFiles() {}

    /**
     * Reads the files in order. A file above {@link CatalogLoader#MAX_FILE_BYTES}, or files adding
     * up to more than {@link CatalogLoader#MAX_CATALOG_BYTES}, are reported and not read at all.
     *
     * @return the files read, or an empty list when {@code problems} got a problem
     */
    static List<Content> read(Path dir, List<Path> files, Problems problems) {
        long[] sizes = new long[files.size()];
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            String name = SourceFiles.relative(dir, files.get(i));
            try {
                sizes[i] = Files.size(files.get(i));
                total += sizes[i];
                if (sizes[i] > MAX_FILE_BYTES) problems.add(tooLarge(name, sizes[i]));
            } catch (IOException e) {
                problems.add(unreadable(name, e));
            }
        }
        if (total > MAX_CATALOG_BYTES) {
            problems.add(new CatalogProblem(dir.toString(), 0, null, null, "the catalog files add up to %s; all together they may have at most %s"
                    .formatted(megabytes(total), megabytes(MAX_CATALOG_BYTES))));
        }
        if (!problems.isEmpty()) return List.of();
        List<Content> contents = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            String name = SourceFiles.relative(dir, files.get(i));
            try {
                byte[] bytes = readAtMost(files.get(i), sizes[i]);
                if (bytes.length > MAX_FILE_BYTES) problems.add(tooLarge(name, Files.size(files.get(i))));
                else contents.add(new Content(name, bytes));
            } catch (IOException e) {
                problems.add(unreadable(name, e));
            }
        }
        return problems.isEmpty() ? contents : List.of();
    }

    /**
     * The file's bytes, but never more than one byte above the limit: the file may have grown since
     * it was measured. One array of the measured size, as {@link Files#readAllBytes} would allocate.
     */
    private static byte[] readAtMost(Path file, long measured) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = new byte[(int) measured];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) return Arrays.copyOf(bytes, read); // it shrank
            byte[] more = in.readNBytes(MAX_FILE_BYTES + 1 - read);
            if (more.length == 0) return bytes;
            byte[] all = Arrays.copyOf(bytes, read + more.length);
            System.arraycopy(more, 0, all, read, more.length);
            return all;
        }
    }

    /**
     * Whether the YAML parser may read the file: UTF-8 text without a line longer than
     * {@link CatalogLoader#MAX_LINE_CHARACTERS}. Otherwise {@code problems} gets the line at fault.
     */
    static boolean parsable(Content file, Problems problems) {
        byte[] bytes = file.bytes();
        int malformed = firstMalformedByte(bytes);
        int end = malformed < 0 ? bytes.length : malformed;
        int line = 1;
        int characters = 0;
        for (int i = 0; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                line++;
                characters = 0;
            } else if ((b & 0xC0) != 0x80 && ++characters > MAX_LINE_CHARACTERS) { // a continuation byte is no new character
                while (i + 1 < bytes.length && bytes[i + 1] != '\n') if ((bytes[++i] & 0xC0) != 0x80) characters++;
                problems.add(new CatalogProblem(file.name(), line, null, null, String.format(Locale.ROOT,
                        "this line has %,d characters; a line may have at most %,d: break long text over several lines (YAML joins them with spaces)",
                        characters, MAX_LINE_CHARACTERS)));
                return false;
            }
        }
        if (malformed >= 0) {
            problems.add(new CatalogProblem(file.name(), line, null, null,
                    "not UTF-8 text (byte 0x%02X cannot be read as a character here): save the file as UTF-8".formatted(bytes[malformed] & 0xFF)));
            return false;
        }
        return true;
    }

    /** The offset of the first byte that is not valid UTF-8, or -1. */
    private static int firstMalformedByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) return in.position();
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            return decoder.flush(out).isError() ? in.position() : -1;
        }
    }

    private static CatalogProblem tooLarge(String name, long size) {
        return new CatalogProblem(name, 0, null, null, "the file has %s; a catalog file may have at most %s: split it into several files"
                .formatted(megabytes(size), megabytes(MAX_FILE_BYTES)));
    }

    private static CatalogProblem unreadable(String name, IOException e) {
        String why = e instanceof NoSuchFileException ? "it was removed while the catalog was read; reload again"
                : e.getMessage() == null ? "it cannot be read" : "it cannot be read: " + e.getMessage();
        return new CatalogProblem(name, 0, null, null, why);
    }

    /**
     * {@code 16 MB}, {@code 52.4 MB}: binary megabytes, as file managers show them, rounded up, so
     * that a file above a limit never reads as the limit itself.
     */
    static String megabytes(long bytes) {
        double tenths = Math.ceil(bytes / (1024.0 * 1024.0) * 10);
        return tenths % 10 == 0 ? String.format(Locale.ROOT, "%,d MB", (long) tenths / 10)
                : String.format(Locale.ROOT, "%,.1f MB", tenths / 10);
    }
}
