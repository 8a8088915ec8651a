package de.wegweiser.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrackingIdTest {

    @Test
    void idsAre32HexDigitsThatSortByTheTimeOfTheAnswer() {
        long morning = Instant.parse("2026-12-08T08:00:00.000Z").toEpochMilli();
        String earlier = Tracker.newId(morning);
        String later = Tracker.newId(morning + 1);
        assertTrue(Tracker.ID.matcher(earlier).matches(), earlier);
        assertTrue(Tracker.ID.matcher(later).matches(), later);
        assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
        assertEquals(Long.toHexString(morning), earlier.substring(0, 12).replaceFirst("^0+", ""));
    }

    @Test
    void answersInTheSameMillisecondGetDifferentIds() {
        long now = Instant.parse("2026-12-08T08:00:00.000Z").toEpochMilli();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) ids.add(Tracker.newId(now));
        assertEquals(100_000, ids.size());
    }
}
