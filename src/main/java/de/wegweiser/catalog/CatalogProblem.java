package de.wegweiser.catalog;

import de.wegweiser.files.SourceFiles;

/**
 * One thing wrong in a catalog file.
 *
 * @param file   file name relative to the catalog directory
 * @param line   1-based line of the item (or of the syntax error), 0 if unknown
 * @param itemId the item's id, or null when the problem is not about one item
 * @param field  the field at fault, or null
 */
public record CatalogProblem(String file, int line, String itemId, String field, String message) {

    /** {@code whitepapers.yaml:14 item 'wp-x' field 'concerns': unknown concern 'prise'; did you mean 'price'?} */
    public String describe() {
        StringBuilder text = new StringBuilder(SourceFiles.location(file, line, 0));
        if (itemId != null) text.append(" item '").append(itemId).append('\'');
        if (field != null) text.append(" field '").append(field).append('\'');
        return text.append(": ").append(message).toString();
    }
}
