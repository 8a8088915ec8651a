package de.wegweiser.bench;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.TermKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random contacts over every role, phase and language, with random concerns, topics, consumed
 * items, lifecycle statuses and customer flags. Deterministic for a seed.
 */
public final class ContactGenerator {

    private final Catalog catalog;
    private final Random random;

    public ContactGenerator(Catalog catalog, long seed) {
        this.catalog = catalog;
        this.random = new Random(seed);
    }

    public List<Contact> contacts(int count) {
        List<Contact> contacts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) contacts.add(next(i));
        return contacts;
    }

    public Contact next(int n) {
        List<String> roles = catalog.taxonomy().ids(TermKind.ROLE);
        JourneyPhase[] phases = JourneyPhase.values();
        LifecycleStatus[] statuses = LifecycleStatus.values();
        Set<String> consumed = new HashSet<>();
        int consumedCount = random.nextInt(4) == 0 ? 0 : random.nextInt(8);
        for (int i = 0; i < consumedCount; i++) consumed.add(catalog.items().get(random.nextInt(catalog.items().size())).id());
        return new Contact("contact-" + n,
                roles.get(random.nextInt(roles.size())),
                some(TermKind.CONCERN, 3),
                phases[random.nextInt(phases.length)],
                random.nextInt(10) < 6 ? "de" : "en",
                consumed,
                random.nextInt(3) == 0 ? "account-" + random.nextInt(100) : null,
                random.nextInt(3) == 0 ? "automotive" : null,
                some(TermKind.TOPIC, 2),
                random.nextInt(3) == 0 ? null : statuses[random.nextInt(statuses.length)],
                random.nextInt(6) == 0);
    }

    private Set<String> some(TermKind kind, int max) {
        List<String> ids = catalog.taxonomy().ids(kind);
        Set<String> out = new HashSet<>();
        int count = random.nextInt(max + 1);
        for (int i = 0; i < count; i++) out.add(ids.get(random.nextInt(ids.size())));
        return out;
    }
}
