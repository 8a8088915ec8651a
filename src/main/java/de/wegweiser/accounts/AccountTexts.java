package de.wegweiser.accounts;

import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.rules.AccountEffect;
import java.util.Locale;
import java.util.Map;

/** Fills the placeholders of a gap's text with names in the reader's language. */
public final class AccountTexts {

    private final Taxonomy taxonomy;

    public AccountTexts(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /** The gap in plain words, in German for {@code de} and in English otherwise. */
    public String gap(AccountEffect.Gap gap, AccountAssessment account, String language) {
        String text = "de".equals(language) && gap.textDe() != null ? gap.textDe() : gap.textEn();
        if (text == null) return gap.rule();
        JourneyPhase memberPhase = gap.contactId() == null ? null : account.members().stream()
                .filter(m -> m.id().equals(gap.contactId())).findFirst().map(m -> m.contact().state().phase()).orElse(null);
        JourneyPhase accountPhase = account.phase() == null ? null : account.phase().value();
        Map<String, String> values = new java.util.HashMap<>();
        values.put("{role}", gap.role() == null ? "" : inSentence(role(gap.role(), language), language));
        values.put("{concern}", gap.concern() == null ? "" : concern(gap.concern(), language));
        values.put("{member}", gap.contactId() == null ? "" : gap.contactId());
        values.put("{phase}", memberPhase == null ? "" : inSentence(memberPhase.label(language), language));
        values.put("{accountPhase}", accountPhase == null ? "" : inSentence(accountPhase.label(language), language));
        // a name lower-cased for the middle of a sentence starts one: "IT has ...", "Head of sales has ..."
        boolean startsWithName = values.keySet().stream().anyMatch(text::startsWith) && !text.startsWith("{member}");
        for (Map.Entry<String, String> value : values.entrySet()) text = text.replace(value.getKey(), value.getValue());
        return startsWithName && !text.isEmpty() ? text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1) : text;
    }

    public String role(String id, String language) {
        return taxonomy.term(TermKind.ROLE, id).map(t -> t.label(language)).orElse(id);
    }

    public String concern(String id, String language) {
        return inSentence(taxonomy.term(TermKind.CONCERN, id).map(t -> t.label(language)).orElse(id), language);
    }

    /**
     * English names are lower-cased inside a sentence ("return on investment", "head of sales", but
     * "IT"); German nouns keep their capital. A text that starts with a name gets its capital back.
     */
    static String inSentence(String label, String language) {
        if ("de".equals(language) || label.length() < 2 || !Character.isLowerCase(label.charAt(1))) return label;
        return label.substring(0, 1).toLowerCase(Locale.ROOT) + label.substring(1);
    }
}
