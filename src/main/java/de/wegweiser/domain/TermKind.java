package de.wegweiser.domain;

/** The kinds of vocabulary the taxonomy file defines. */
public enum TermKind {
    ROLE("role", "roles"),
    CONCERN("concern", "concerns"),
    TOPIC("topic", "topics"),
    FORMAT("format", "formats"),
    LANGUAGE("language", "languages");

    private final String singular;
    private final String plural;

    TermKind(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    public String singular() { return singular; }

    /** The section name in {@code taxonomy.yaml}. */
    public String plural() { return plural; }
}
