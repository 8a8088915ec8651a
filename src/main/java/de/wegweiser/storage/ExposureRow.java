package de.wegweiser.storage;

import de.wegweiser.domain.PausedItem;

/**
 * A recommended item as the contact reacted to it.
 *
 * @param pause the latest pause of the item (it may have ended), or null
 */
public record ExposureRow(String itemId, int impressionsWithoutClick, PausedItem pause) {}
