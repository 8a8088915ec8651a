package de.wegweiser.http;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.deploy.Change;
import de.wegweiser.deploy.Deployments;
import de.wegweiser.deploy.Drafts;
import de.wegweiser.deploy.EditableFiles;
import de.wegweiser.domain.Deployment;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * "Try a change" for the console (admin token): the editable rule and catalog files, drafts
 * checked without touching the live files, and deployments that go live through the same checks
 * and are recorded. Thin: reads the request, asks {@link Drafts} and {@link Deployments}.
 */
final class DeploymentController {

    /** The request attribute the console's session sets to the signed-in person; it wins over the body's {@code author}. */
    static final String AUTHOR_ATTRIBUTE = "wegweiser.author";
    static final String DEFAULT_AUTHOR = "admin API";
    static final int MAX_CHANGES = 50;
    static final int MAX_AUTHOR_CHARS = 200;
    static final int MAX_MESSAGE_CHARS = 2000;
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final List<String> DRAFT_FIELDS = List.of("files", "delete");
    private static final List<String> DEPLOY_FIELDS = List.of("files", "delete", "message", "author");
    private static final List<String> FILE_FIELDS = List.of("root", "path", "content", "baseSha256");
    private static final List<String> DELETE_FIELDS = List.of("root", "path", "baseSha256");

    private final Drafts drafts;
    private final Deployments deployments;

    DeploymentController(Drafts drafts, Deployments deployments) {
        this.drafts = drafts;
        this.deployments = deployments;
    }

    /** The answer of {@code GET /api/v1/admin/files}. */
    record FileList(List<EditableFiles.FileInfo> files, List<String> extensions, int maxFileBytes) {}

    /** The answer of {@code GET /api/v1/admin/deployments}: {@code next} is the cursor of the next page, null on the last. */
    record DeploymentPage(List<Deployment> deployments, String next) {}

    void files(Context ctx) {
        Json.respond(ctx, new FileList(drafts.files().list(), EditableFiles.EXTENSIONS, EditableFiles.MAX_FILE_BYTES));
    }

    void file(Context ctx) {
        onlyParameters(ctx, Set.of("path"));
        String path = ctx.queryParam("path");
        try {
            Json.respond(ctx, drafts.files().read(ctx.pathParam("root"), path == null ? "" : path));
        } catch (EditableFiles.BadName e) {
            throw ApiException.badRequest(List.of(new FieldError(e.field(), e.getMessage(), e.field().equals("root") ? EditableFiles.ROOTS : List.of())));
        } catch (EditableFiles.NoSuchFile e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    void draft(Context ctx) {
        Request request = read(ctx, DRAFT_FIELDS);
        Json.respond(ctx, drafts.check(request.changes()));
    }

    void deploy(Context ctx) {
        Request request = read(ctx, DEPLOY_FIELDS);
        Object fromSession = ctx.attribute(AUTHOR_ATTRIBUTE);
        String author = fromSession instanceof String s && !s.isBlank() ? s.strip()
                : request.author() != null ? request.author() : DEFAULT_AUTHOR;
        Deployment deployment;
        try {
            deployment = deployments.deploy(request.changes(), author, request.message());
        } catch (Deployments.Rejected e) {
            var report = e.report();
            throw new ApiException(422, "Change refused",
                    "the change has %d problem(s) and was not deployed; nothing was written. POST it to /api/v1/admin/drafts for the whole report"
                            .formatted(report.problems().size() + report.moreProblems()), List.of(), report.problems());
        } catch (Deployments.Stale e) {
            List<FieldError> errors = e.files().stream().map(f -> new FieldError(request.fields().get(f.index()) + ".baseSha256",
                    "%s changed since it was loaded (it is now %s); load it again and redo the edit on the new content"
                            .formatted(f.change().describe(), f.current() == null ? "deleted" : "sha256 " + f.current()))).toList();
            throw new ApiException(409, "Changed meanwhile", "someone changed the live files since this edit began; nothing was deployed", errors);
        } catch (Deployments.Refused e) {
            throw new ApiException(409, "Deployment undone", e.getMessage()
                    + "; another change to the live files came in at the same time. Try the change again as a draft", List.of(), e.problems());
        } catch (Deployments.NothingToDeploy e) {
            throw ApiException.badRequest(List.of(new FieldError("files", e.getMessage())));
        }
        ctx.status(201);
        ctx.header("Location", "/api/v1/admin/deployments/" + deployment.id());
        Json.respond(ctx, deployment);
    }

    void list(Context ctx) {
        onlyParameters(ctx, Set.of("limit", "cursor"));
        List<FieldError> errors = new ArrayList<>();
        int limit = DEFAULT_PAGE;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            limit = number(limitText, 1, MAX_PAGE);
            if (limit < 0) errors.add(new FieldError("limit", "must be a whole number from 1 to %d (default %d); got %s"
                    .formatted(MAX_PAGE, DEFAULT_PAGE, shortened(limitText))));
        }
        Long cursor = null;
        String cursorText = ctx.queryParam("cursor");
        if (cursorText != null) {
            int id = number(cursorText, 2, Integer.MAX_VALUE);
            if (id < 0) errors.add(new FieldError("cursor", "not a cursor of this list; pass the 'next' value of the page before unchanged"));
            else cursor = (long) id;
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        List<Deployment> page = deployments.list(limit + 1, cursor);
        boolean more = page.size() > limit;
        List<Deployment> shown = more ? page.subList(0, limit) : page;
        Json.respond(ctx, new DeploymentPage(shown, more ? Long.toString(shown.get(shown.size() - 1).id()) : null));
    }

    void show(Context ctx) {
        String text = ctx.pathParam("id");
        int id = number(text, 1, Integer.MAX_VALUE);
        if (id < 0) {
            throw ApiException.badRequest(List.of(new FieldError("id", "must be the number of a deployment (1, 2, ...); got " + shortened(text))));
        }
        Json.respond(ctx, deployments.get(id).orElseThrow(() ->
                ApiException.notFound("there is no deployment %d; GET /api/v1/admin/deployments lists them".formatted(id))));
    }

    // ------------------------------------------------------------ reading the body

    /**
     * A draft or deployment request.
     *
     * @param fields for each change, the JSON path of its entry ({@code files[0]}, {@code delete[1]})
     */
    record Request(List<Change> changes, List<String> fields, String message, String author) {}

    private Request read(Context ctx, List<String> known) {
        JsonNode body = Json.body(ctx);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$",
                    "the body must be a JSON object with 'files' (new contents) and/or 'delete' (files to remove)")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) errors.add(new FieldError(shortened(name), "unknown field; the fields are " + String.join(", ", known), known));
        }
        List<Change> changes = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        entries(body, "files", FILE_FIELDS, true, changes, fields, errors);
        entries(body, "delete", DELETE_FIELDS, false, changes, fields, errors);
        if (changes.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("files", "no change: send at least one file in 'files' or 'delete'"));
        }
        if (changes.size() > MAX_CHANGES) errors.add(new FieldError("files", "at most %d files at once; got %d".formatted(MAX_CHANGES, changes.size())));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            if (!seen.add(changes.get(i).describe())) {
                errors.add(new FieldError(fields.get(i) + ".path", changes.get(i).describe() + " appears more than once; send each file once"));
            }
        }
        String message = text(body, "message", MAX_MESSAGE_CHARS, errors);
        String author = text(body, "author", MAX_AUTHOR_CHARS, errors);
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return new Request(changes, fields, message, author);
    }

    private void entries(JsonNode body, String name, List<String> known, boolean withContent, List<Change> changes, List<String> fields,
                         List<FieldError> errors) {
        JsonNode array = body.get(name);
        if (array == null || array.isNull()) return;
        if (!array.isArray()) {
            errors.add(new FieldError(name, "must be an array of objects with %s".formatted(String.join(", ", known))));
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String at = "%s[%d]".formatted(name, i);
            JsonNode entry = array.get(i);
            if (!entry.isObject()) {
                errors.add(new FieldError(at, "must be an object with %s".formatted(String.join(", ", known))));
                continue;
            }
            int before = errors.size();
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!known.contains(field)) errors.add(new FieldError(at + "." + shortened(field), "unknown field; known: " + String.join(", ", known), known));
            }
            String root = string(entry, at, "root", errors);
            String path = string(entry, at, "path", errors);
            String content = withContent ? content(entry, at, errors) : null;
            String base = baseSha256(entry, at, errors);
            if (root != null && path != null) {
                try {
                    if (withContent) drafts.files().check(root, path, at + ".path");
                    else drafts.files().existing(root, path, at + ".path");
                } catch (EditableFiles.BadName e) {
                    errors.add(new FieldError(e.field(), e.getMessage(), e.field().endsWith(".root") ? EditableFiles.ROOTS : List.of()));
                } catch (EditableFiles.NoSuchFile e) {
                    errors.add(new FieldError(at + ".path", e.getMessage()));
                }
            }
            if (errors.size() == before) {
                changes.add(new Change(root, path, content, base));
                fields.add(at);
            }
        }
    }

    private static String string(JsonNode entry, String at, String field, List<FieldError> errors) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at + "." + field, "missing; " + (field.equals("root") ? "rules or catalog" : "a path relative to the root, e.g. journey/settings.drl")));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(at + "." + field, "must be a string; got " + shortened(node.toString())));
            return null;
        }
        return node.asText();
    }

    private static String content(JsonNode entry, String at, List<FieldError> errors) {
        JsonNode node = entry.get("content");
        if (node == null || node.isNull() || !node.isTextual()) {
            errors.add(new FieldError(at + ".content", "missing or not a string; the whole new text of the file (to remove a file, list it in 'delete')"));
            return null;
        }
        String text = node.asText();
        if (text.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE) || text.indexOf('\0') >= 0) {
            errors.add(new FieldError(at + ".content", "must be text: no NUL characters and no half of a surrogate pair"));
            return null;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > EditableFiles.MAX_FILE_BYTES) {
            errors.add(new FieldError(at + ".content", "has %d bytes in UTF-8; a file may have at most %d".formatted(bytes, EditableFiles.MAX_FILE_BYTES)));
            return null;
        }
        return text;
    }

    private static String baseSha256(JsonNode entry, String at, List<FieldError> errors) {
        JsonNode node = entry.get("baseSha256");
        if (node == null || node.isNull()) return null;
        if (!node.isTextual() || !SHA256.matcher(node.asText()).matches()) {
            errors.add(new FieldError(at + ".baseSha256", "must be the sha256 the file had when it was loaded (64 hex digits, as GET /api/v1/admin/files shows)"));
            return null;
        }
        return node.asText().toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(JsonNode body, String field, int max, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > max
                || node.asText().codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE || (Character.isISOControl(c) && c != '\n'))) {
            errors.add(new FieldError(field, "must be a non-empty string of at most %d characters without control characters".formatted(max)));
            return null;
        }
        return node.asText().strip();
    }

    private static void onlyParameters(Context ctx, Set<String> known) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            if (!known.contains(p.getKey())) {
                errors.add(new FieldError(shortened(p.getKey()), "unknown query parameter; known: " + String.join(", ", known.stream().sorted().toList()),
                        known.stream().sorted().toList()));
            }
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
    }

    /** The whole number in the text if it lies from min to max, else -1. */
    private static int number(String text, int min, int max) {
        try {
            int n = Integer.parseInt(text.strip());
            return n >= min && n <= max ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shortened(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
