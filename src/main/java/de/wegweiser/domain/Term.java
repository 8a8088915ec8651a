package de.wegweiser.domain;

/** A taxonomy entry: a kebab-case id and its display names. */
public record Term(String id, String en, String de) {
    public String label(String language) { return "de".equals(language) ? de : en; }
}
