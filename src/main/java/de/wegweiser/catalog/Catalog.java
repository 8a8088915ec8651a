package de.wegweiser.catalog;

import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Taxonomy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded, validated catalog: the taxonomy and every item, in file order. Immutable. */
public final class Catalog {

    private final Taxonomy taxonomy;
    private final List<ContentItem> items;
    private final Map<String, ContentItem> byId;
    private final String version;
    private final List<String> files;
    private final Instant loadedAt;
    private final Map<String, ItemsFile> itemsFiles;

    /**
     * @param version content hash of all catalog files; changes whenever any file changes
     * @param files   the files it was loaded from, relative to the catalog directory
     */
    public Catalog(Taxonomy taxonomy, List<ContentItem> items, String version, List<String> files, Instant loadedAt) {
        this(taxonomy, items, version, files, loadedAt, Map.of());
    }

    /** @param itemsFiles what each items file gave, by relative name, for {@link CatalogLoader#reload} to reuse */
    Catalog(Taxonomy taxonomy, List<ContentItem> items, String version, List<String> files, Instant loadedAt,
            Map<String, ItemsFile> itemsFiles) {
        this.taxonomy = taxonomy;
        this.items = List.copyOf(items);
        Map<String, ContentItem> index = new LinkedHashMap<>();
        for (ContentItem item : this.items) index.put(item.id(), item);
        this.byId = java.util.Collections.unmodifiableMap(index);
        this.version = version;
        this.files = List.copyOf(files);
        this.loadedAt = loadedAt;
        this.itemsFiles = Map.copyOf(itemsFiles);
    }

    public Taxonomy taxonomy() { return taxonomy; }

    public List<ContentItem> items() { return items; }

    public Optional<ContentItem> item(String id) { return Optional.ofNullable(byId.get(id)); }

    public boolean contains(String id) { return byId.containsKey(id); }

    public String version() { return version; }

    public List<String> files() { return files; }

    public Instant loadedAt() { return loadedAt; }

    /** What the items file of that relative name gave, if this catalog was read from it. */
    Optional<ItemsFile> itemsFile(String name) { return Optional.ofNullable(itemsFiles.get(name)); }
}
