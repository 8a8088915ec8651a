package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.accounts.AccountInfluence;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.RecommendationService.Explained;
import de.wegweiser.recommend.RecommendationService.ItemAssessment;
import de.wegweiser.rules.conditions.NotFired;
import java.util.List;

/** Response bodies that explain a recommendation: the "why" and the "why not". */
final class ExplainView {

    private ExplainView() {}

    /** {@code POST /api/v1/recommendations?explain=true}: the usual body plus excluded and near-miss items. */
    record Recommendations(String contactId, String trackingId, String rulesVersion, String catalogVersion,
                           List<RecommendationView.Entry> recommendations, List<Excluded> excluded,
                           List<RecommendationView.Entry> missedTheCut) {

        static Recommendations of(Explained explained, String trackingId) {
            RecommendationView base = RecommendationView.of(explained.result(), trackingId);
            return new Recommendations(base.contactId(), trackingId, base.rulesVersion(), base.catalogVersion(), base.recommendations(),
                    explained.excluded().stream().map(e -> new Excluded(e.item().id(), e.item().title(), e.item().format(),
                            e.item().language(), e.reason().rule(), e.reason().explanation())).toList(),
                    explained.missedTheCut().stream().map(RecommendationView::entry).toList());
        }
    }

    /** A candidate the rules removed, with the rule and its reason. */
    record Excluded(String id, String title, String format, String language, String rule, String explanation) {}

    /** {@code POST /api/v1/explain}: one item, rule by rule. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(String contactId, String rulesVersion, String catalogVersion, ItemView item, String outcome,
                String summary, Integer position, double score, List<Reason> reasons, Reason excludedBy,
                Double lowestRecommendedScore, List<NotFiredRule> notFired, AccountPart account) {

        /** @param influence what a stored contact's account did; null for a contact sent along or one without an account */
        static Item of(ItemAssessment a, int limit, String language, AccountInfluence influence) {
            boolean german = "de".equals(language);
            String summary = switch (a.outcome()) {
                case RECOMMENDED -> german
                        ? "Empfohlen auf Platz %d von %d.".formatted(a.position(), limit)
                        : "Recommended at position %d of %d.".formatted(a.position(), limit);
                case EXCLUDED -> german
                        ? "Ausgeschlossen durch die Regel \"%s\": %s".formatted(a.verdict().exclusion().rule(), a.verdict().exclusion().explanation())
                        : "Excluded by the rule \"%s\": %s".formatted(a.verdict().exclusion().rule(), a.verdict().exclusion().explanation());
                case OUTSCORED -> german
                        ? "Nicht unter den ersten %d: Platz %d von %d Kandidaten mit %s Punkten; der letzte Treffer hat %s.%s"
                                .formatted(limit, a.position(), a.candidates(), points(a.verdict().score()), points(a.lowestRecommendedScore()),
                                        a.verdict().isFallback() ? " Nur Ersatz: " + a.verdict().fallback().explanation() : "")
                        : "Not in the top %d: position %d of %d candidates with %s points; the last recommended item has %s.%s"
                                .formatted(limit, a.position(), a.candidates(), points(a.verdict().score()), points(a.lowestRecommendedScore()),
                                        a.verdict().isFallback() ? " Fallback only: " + a.verdict().fallback().explanation() : "");
            };
            return new Item(a.context().contactId(), a.context().rulesVersion(), a.context().catalogVersion(),
                    ItemView.of(a.item()), a.outcome().name().toLowerCase(java.util.Locale.ROOT), summary,
                    a.outcome() == ItemAssessment.Outcome.EXCLUDED ? null : a.position(), a.verdict().score(),
                    a.verdict().explanation(), a.verdict().exclusion(), a.lowestRecommendedScore(),
                    a.notFired() == null ? null : a.notFired().stream().map(n -> NotFiredRule.of(n, language)).toList(),
                    influence == null ? null : AccountPart.of(influence, language));
        }

        private static String points(Double value) {
            return value == null ? "-" : (value == Math.rint(value) ? String.valueOf(value.longValue()) : String.valueOf(value));
        }
    }

    /**
     * {@code "whyNot": true}: a rule that did not fire for the item, with the first condition that failed.
     *
     * @param because the reason in the contact's language; {@code why} has it in English and German
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NotFiredRule(String rule, String file, int line, String condition, Integer conditionLine, String because, Why why) {
        static NotFiredRule of(NotFired n, String language) {
            return new NotFiredRule(n.rule(), n.file(), n.line(), n.condition(), n.conditionLine() > 0 ? n.conditionLine() : null,
                    n.because(language), new Why(n.english(), n.german()));
        }
    }

    /** The same reason in both languages. */
    record Why(String en, String de) {}

    /**
     * A stored contact's account in the explanation: where the item would stand without it, and each
     * thing the account did, with its rule, in the contact's language ({@code because}) and in both ({@code why}).
     */
    record AccountPart(String account, String accountRulesVersion, String summary, Why why, Standing withoutAccount, List<AccountEffect> effects) {
        static AccountPart of(AccountInfluence i, String language) {
            var w = i.withoutAccount();
            return new AccountPart(i.account(), i.accountRulesVersion(), i.summary(language), new Why(i.summaryEn(), i.summaryDe()),
                    new Standing(w.outcome().name().toLowerCase(java.util.Locale.ROOT),
                            w.outcome() == ItemAssessment.Outcome.EXCLUDED ? null : w.position(), w.score()),
                    i.effects().stream().map(e -> new AccountEffect(e.kind().id(), e.rule(), e.value(), e.from(), e.to(), e.points(), e.at(),
                            e.text(language), new Why(e.en(), e.de()))).toList());
        }
    }

    /** @param position in the answer when recommended, else among all candidates; absent when excluded */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Standing(String outcome, Integer position, double score) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountEffect(String kind, String rule, String value, String from, String to, Double points, java.time.Instant at,
                         String because, Why why) {}
}
