package de.wegweiser.accounts;

import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.RecommendationService.ItemAssessment;
import de.wegweiser.rules.AccountEffect;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a stored contact's account did to the explanation of one item: how the account rules judged
 * the company (phase, status), which recommendation rules read that judgement and gave the item
 * points or dropped it, which journey rules moved the contact because of its colleagues, the gaps
 * that concern the contact, and where the item would stand without the account. Every sentence in
 * English and German, like the other explanations.
 *
 * @param withoutAccount the same item assessed for the same contact with no Account fact
 */
public record AccountInfluence(String account, String accountRulesVersion, Standing withAccount, Standing withoutAccount,
                               String summaryEn, String summaryDe, List<Effect> effects) {

    /** What one kind of effect is: the account's own decision, or its effect on the contact or the item. */
    public enum Kind {
        ACCOUNT_PHASE, ACCOUNT_STATUS, ITEM_POINTS, ITEM_EXCLUSION, CONTACT_PHASE, CONTACT_STATUS, CONTACT_SCORE, GAP;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }

    /**
     * One effect of the account, with the rule that had it.
     *
     * @param value  the phase or status decided, or the gap's kind; null otherwise
     * @param from   the contact's phase or status before a move; null otherwise
     * @param to     the contact's phase or status after a move; null otherwise
     * @param points the points given to the item or to the contact's lead score; null otherwise
     * @param at     when the contact was moved; null otherwise
     */
    public record Effect(Kind kind, String rule, String value, String from, String to, Double points, Instant at, String en, String de) {
        public String text(String language) { return "de".equals(language) ? de : en; }
    }

    /** Where the item stands: recommended, excluded or outscored, at which position, with which score. */
    public record Standing(ItemAssessment.Outcome outcome, int position, double score) {
        static Standing of(ItemAssessment a) { return new Standing(a.outcome(), a.position(), a.verdict().score()); }
    }

    public String summary(String language) { return "de".equals(language) ? summaryDe : summaryEn; }

    /**
     * @param account          the contact's account as the account rules judge it now
     * @param contactId        the stored contact explained
     * @param with             the item assessed with the account as the rules' Account fact
     * @param without          the same without it
     * @param accountRules     the recommendation rules that read the Account fact
     * @param buyingCenterRules the journey rules that read the contact's BuyingCenter
     * @param changes          the contact's journey history (phase, status, score changes)
     * @param limit            how many items the answer holds
     * @param texts            names of roles and concerns for the gaps' texts
     */
    public static AccountInfluence of(AccountAssessment account, String contactId, ItemAssessment with, ItemAssessment without,
                                      Set<String> accountRules, Set<String> buyingCenterRules, List<JourneyChange> changes,
                                      int limit, AccountTexts texts) {
        List<Effect> effects = new ArrayList<>();
        if (account.phase() != null) {
            var d = account.phase();
            effects.add(new Effect(Kind.ACCOUNT_PHASE, d.rule(), d.value().id(), null, null, null, null,
                    "The account rule \"%s\" places the company at %s: %s".formatted(d.rule(), d.value().label("en"), d.reason("en")),
                    "Die Account-Regel \"%s\" sieht das Unternehmen in der Phase %s: %s".formatted(d.rule(), d.value().label("de"), d.reason("de"))));
        }
        if (account.status() != null) {
            var d = account.status();
            effects.add(new Effect(Kind.ACCOUNT_STATUS, d.rule(), d.value().id(), null, null, null, null,
                    "The account rule \"%s\" gives the company the status %s: %s".formatted(d.rule(), d.value().id(), d.reason("en")),
                    "Die Account-Regel \"%s\" gibt dem Unternehmen den Status %s: %s".formatted(d.rule(), d.value().id(), d.reason("de"))));
        }
        for (Reason reason : with.verdict().reasons()) {
            if (!accountRules.contains(reason.rule())) continue;
            String points = number(reason.points());
            effects.add(new Effect(Kind.ITEM_POINTS, reason.rule(), null, null, null, reason.points(), null,
                    "The rule \"%s\" reads how the company stands and gives this item %s points: %s"
                            .formatted(reason.rule(), points, reason.explanation()),
                    "Die Regel \"%s\" liest, wie das Unternehmen steht, und gibt diesem Inhalt %s Punkte: %s"
                            .formatted(reason.rule(), points, reason.explanation())));
        }
        Reason exclusion = with.verdict().exclusion();
        if (exclusion != null && accountRules.contains(exclusion.rule())) {
            effects.add(new Effect(Kind.ITEM_EXCLUSION, exclusion.rule(), null, null, null, null, null,
                    "The rule \"%s\" reads how the company stands and drops this item: %s".formatted(exclusion.rule(), exclusion.explanation()),
                    "Die Regel \"%s\" liest, wie das Unternehmen steht, und schließt diesen Inhalt aus: %s"
                            .formatted(exclusion.rule(), exclusion.explanation())));
        }
        for (JourneyChange change : changes) {
            if (change.kind() != JourneyChange.Kind.PAUSE && buyingCenterRules.contains(change.rule())) effects.add(moved(change));
        }
        for (AccountEffect.Gap gap : account.gaps()) {
            if (!concerns(gap, account, contactId)) continue;
            effects.add(new Effect(Kind.GAP, gap.rule(), gap.kind().id(), null, null, null, null,
                    "The account rule \"%s\" sees a gap: %s".formatted(gap.rule(), texts.gap(gap, account, "en")),
                    "Die Account-Regel \"%s\" sieht eine Lücke: %s".formatted(gap.rule(), texts.gap(gap, account, "de"))));
        }
        Standing a = Standing.of(with);
        Standing b = Standing.of(without);
        boolean same = a.equals(b);
        String en = same ? "Without its account the item would stand exactly where it does: the account changes nothing for it."
                : "Without its account the item would be %s with %s points; with it, it is %s with %s points."
                        .formatted(standing(b, limit, "en"), number(b.score()), standing(a, limit, "en"), number(a.score()));
        String de = same ? "Ohne den Account stünde der Inhalt genau da, wo er steht: der Account ändert für ihn nichts."
                : "Ohne den Account hätte der Inhalt %s Punkte und wäre %s; mit ihm hat er %s Punkte und ist %s."
                        .formatted(number(b.score()), standing(b, limit, "de"), number(a.score()), standing(a, limit, "de"));
        return new AccountInfluence(account.id(), account.rulesVersion(), a, b, en, de, List.copyOf(effects));
    }

    /** A gap is the contact's when it names the contact, or an unseen concern of the contact's role. */
    private static boolean concerns(AccountEffect.Gap gap, AccountAssessment account, String contactId) {
        if (contactId.equals(gap.contactId())) return true;
        if (gap.contactId() != null || gap.role() == null) return false;
        return account.members().stream().anyMatch(m -> m.id().equals(contactId) && gap.role().equals(m.contact().profile().role()));
    }

    private static Effect moved(JourneyChange change) {
        String day = change.at().atZone(ZoneOffset.UTC).toLocalDate().toString();
        return switch (change.kind()) {
            case PHASE -> new Effect(Kind.CONTACT_PHASE, change.rule(), null, change.from(), change.to(), null, change.at(),
                    "On %s the journey rule \"%s\" moved the contact from %s to %s because of its colleagues: %s"
                            .formatted(day, change.rule(), phase(change.from(), "en"), phase(change.to(), "en"), change.reason("en")),
                    "Am %s hat die Journey-Regel \"%s\" den Kontakt wegen seiner Kollegen von %s nach %s gesetzt: %s"
                            .formatted(day, change.rule(), phase(change.from(), "de"), phase(change.to(), "de"), change.reason("de")));
            case STATUS -> new Effect(Kind.CONTACT_STATUS, change.rule(), null, change.from(), change.to(), null, change.at(),
                    "On %s the journey rule \"%s\" changed the contact's status from %s to %s because of its colleagues: %s"
                            .formatted(day, change.rule(), change.from(), change.to(), change.reason("en")),
                    "Am %s hat die Journey-Regel \"%s\" den Status des Kontakts wegen seiner Kollegen von %s auf %s gesetzt: %s"
                            .formatted(day, change.rule(), change.from(), change.to(), change.reason("de")));
            default -> new Effect(Kind.CONTACT_SCORE, change.rule(), null, null, null, change.points(), change.at(),
                    "On %s the journey rule \"%s\" gave the contact %s lead-score points because of its colleagues: %s"
                            .formatted(day, change.rule(), number(change.points()), change.reason("en")),
                    "Am %s hat die Journey-Regel \"%s\" dem Kontakt wegen seiner Kollegen %s Punkte Lead-Score gegeben: %s"
                            .formatted(day, change.rule(), number(change.points()), change.reason("de")));
        };
    }

    private static String phase(String id, String language) {
        return id == null ? "-" : JourneyPhase.parse(id).map(p -> p.label(language)).orElse(id);
    }

    private static String standing(Standing s, int limit, String language) {
        boolean german = "de".equals(language);
        return switch (s.outcome()) {
            case RECOMMENDED -> german ? "auf Platz %d empfohlen".formatted(s.position()) : "recommended at position %d".formatted(s.position());
            case EXCLUDED -> german ? "ausgeschlossen" : "excluded";
            case OUTSCORED -> german ? "außerhalb der ersten %d (Platz %d)".formatted(limit, s.position())
                    : "outside the top %d (position %d)".formatted(limit, s.position());
        };
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
