package de.wegweiser.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known roles, concerns, topics, formats and languages, each with English and German names. */
public final class Taxonomy {

    private final Map<TermKind, Map<String, Term>> terms;

    public Taxonomy(Map<TermKind, List<Term>> termsByKind) {
        Map<TermKind, Map<String, Term>> copy = new EnumMap<>(TermKind.class);
        for (TermKind kind : TermKind.values()) {
            Map<String, Term> byId = new LinkedHashMap<>();
            for (Term term : termsByKind.getOrDefault(kind, List.of())) byId.put(term.id(), term);
            copy.put(kind, java.util.Collections.unmodifiableMap(byId));
        }
        this.terms = java.util.Collections.unmodifiableMap(copy);
    }

    /** Same terms with the same names: rules checked against one are valid against the other. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Taxonomy that && terms.equals(that.terms);
    }

    @Override
    public int hashCode() { return terms.hashCode(); }

    public boolean knows(TermKind kind, String id) { return terms.get(kind).containsKey(id); }

    public Collection<Term> terms(TermKind kind) { return terms.get(kind).values(); }

    public List<String> ids(TermKind kind) { return List.copyOf(terms.get(kind).keySet()); }

    public Optional<Term> term(TermKind kind, String id) { return Optional.ofNullable(terms.get(kind).get(id)); }

    /**
     * A readable complaint about an unknown term, with the nearest known one when it is close:
     * {@code unknown concern 'prise'; did you mean 'price'?}
     */
    public String unknownTermMessage(TermKind kind, String value) {
        return unknownMessage(kind.singular(), value, ids(kind));
    }

    /** Same message shape for any closed list of words (phases, statuses, field names). */
    public static String unknownMessage(String what, String value, Collection<String> known) {
        return nearest(value, known)
                .map(n -> "unknown %s '%s'; did you mean '%s'?".formatted(what, value, n))
                .orElse("unknown %s '%s'; known: %s".formatted(what, value, String.join(", ", known)));
    }

    /** The closest word by edit distance, if it is close enough to be a plausible typo. */
    public static Optional<String> nearest(String value, Collection<String> known) {
        // no known id is this long, and the distance to a megabyte of text would cost a CPU second
        if (value == null || value.isBlank() || value.length() > 100) return Optional.empty();
        String needle = value.toLowerCase(java.util.Locale.ROOT);
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        // a prefix counts as close ("intent" for "intent-to"), but among equally close words the one with fewer
        // edits wins: "intent-to-purchse" means "intent-to-purchase", not its prefix "intent"
        record Scored(String word, int score, int edits) {}
        return known.stream()
                .map(k -> {
                    int edits = distance.apply(needle, k);
                    return new Scored(k, k.startsWith(needle) || needle.startsWith(k) ? Math.min(1, edits) : edits, edits);
                })
                .filter(s -> s.score() <= (s.word().length() <= 3 ? 1 : Math.max(2, s.word().length() / 3)))
                .min(Comparator.comparingInt(Scored::score).thenComparingInt(Scored::edits).thenComparing(Scored::word))
                .map(Scored::word);
    }
}
