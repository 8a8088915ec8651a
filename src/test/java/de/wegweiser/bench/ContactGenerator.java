package de.wegweiser.bench;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.TermKind;
import de.wegweiser.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Writes recommendation request bodies, one JSON object a line, for the load generator:
     * {@code ContactGenerator <items> <file>}. They are the contacts the harness uses for a
     * generated catalog of that size ({@link Bench#CONTACTS}), so HTTP and in-process measure the same work.
     */
    public static void main(String[] args) throws Exception {
        Catalog catalog = CatalogGenerator.forService(Integer.parseInt(args[0]));
        List<String> lines = new ArrayList<>();
        for (Contact c : new ContactGenerator(catalog, Bench.CONTACT_SEED).contacts(Bench.CONTACTS)) {
            lines.add(Json.MAPPER.writeValueAsString(Map.of("contact", requestFields(c), "limit", Bench.TOP)));
        }
        Files.write(Path.of(args[1]), lines);
        System.out.printf("wrote %d recommendation requests to %s%n", lines.size(), args[1]);
    }

    /** The contact as the API takes it: ids as text, no nulls, sorted lists. */
    static Map<String, Object> requestFields(Contact c) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", c.id());
        fields.put("role", c.role());
        fields.put("phase", c.phase().id());
        fields.put("language", c.language());
        fields.put("concerns", new TreeSet<>(c.concerns()));
        fields.put("topics", new TreeSet<>(c.topics()));
        fields.put("consumed", new TreeSet<>(c.consumed()));
        if (c.account() != null) fields.put("account", c.account());
        if (c.industry() != null) fields.put("industry", c.industry());
        if (c.lifecycle() != null) fields.put("lifecycle", c.lifecycle().id());
        fields.put("existingCustomer", c.existingCustomer());
        return fields;
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
