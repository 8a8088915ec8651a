package de.wegweiser.catalog;

import de.wegweiser.domain.ContentItem;
import java.util.List;

/**
 * The valid items one catalog file gave, in file order, and the hash of the content they were read
 * from. A {@link Catalog} keeps them so that a reload can reuse a file whose content did not change.
 *
 * @param hash {@link de.wegweiser.files.SourceFiles.Content#hash() hash} of the file's content
 */
record ItemsFile(String hash, List<Entry> entries) {

    ItemsFile {
        entries = List.copyOf(entries);
    }

    /** An item and the line it starts on: a duplicate id found later names this place. */
    record Entry(ContentItem item, int line) {}
}
