package de.wegweiser.rules;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The default rules (rules/*.drl) written by hand in plain Java: the speed a rules engine is
 * measured against. Benchmark and test code only; it must give the same answers as the DRL, which
 * the benchmark harness and {@code HandWrittenScorerTest} check. One pass over the catalog per
 * request, every rule an if-statement, labels looked up once per request.
 */
public final class HandWrittenScorer implements Evaluator {

    private static final Map<JourneyPhase, Set<String>> FORMATS_PER_PHASE = Map.of(
            JourneyPhase.NON_AWARENESS, Set.of("social-post", "blog-post", "video"),
            JourneyPhase.AWARENESS, Set.of("blog-post", "social-post", "overview-guide", "video"),
            JourneyPhase.FAVORABILITY, Set.of("landing-page", "trade-article", "blog-post"),
            JourneyPhase.CONSIDERATION, Set.of("success-story", "whitepaper", "study", "e-book", "comparison"),
            JourneyPhase.INTENT_TO_PURCHASE, Set.of("case-study", "reference", "webinar", "checklist"),
            JourneyPhase.CONVERSION, Set.of("onboarding-guide", "tutorial", "checklist"),
            JourneyPhase.LOYALTY, Set.of("newsletter", "customer-magazine", "tutorial", "best-practice-guide", "datasheet", "special-offer"),
            JourneyPhase.ADVOCACY, Set.of("review-invitation", "referral-programme", "community", "success-story"));
    private static final Map<JourneyPhase, String[]> PHASE_RULE = Map.of(
            JourneyPhase.NON_AWARENESS, new String[] {"Non-awareness: catch attention where the persona is",
                    "No need yet: short content that raises attention", "Noch kein Bedarf: kurze Inhalte, die Aufmerksamkeit wecken"},
            JourneyPhase.AWARENESS, new String[] {"Awareness: orientation and overview",
                    "Orientation: an overview of the market and the options", "Orientierung: ein Überblick über Markt und Möglichkeiten"},
            JourneyPhase.FAVORABILITY, new String[] {"Favorability: facts quickly, with a call to action",
                    "Growing interest: facts quickly, with a clear next step", "Wachsendes Interesse: schnelle Fakten mit einem klaren nächsten Schritt"},
            JourneyPhase.CONSIDERATION, new String[] {"Consideration: hard facts and proof",
                    "Evaluation: numbers, facts and proof against the alternatives", "Abwägung: Zahlen, Fakten und Belege im Vergleich zu Alternativen"},
            JourneyPhase.INTENT_TO_PURCHASE, new String[] {"Intent to purchase: reassurance and dialogue",
                    "Close to the decision: proof from peers and a direct dialogue", "Kurz vor der Entscheidung: Belege von Kunden und der direkte Dialog"},
            JourneyPhase.CONVERSION, new String[] {"Conversion: a smooth start",
                    "Getting started: onboarding for a smooth start", "Der Einstieg: Onboarding für einen reibungslosen Start"},
            JourneyPhase.LOYALTY, new String[] {"Loyalty: stay in touch and get more out of it",
                    "Loyalty: know-how and news that confirm the decision", "Bindung: Know-how und Neuigkeiten, die die Entscheidung bestätigen"},
            JourneyPhase.ADVOCACY, new String[] {"Advocacy: make recommending us easy",
                    "Advocacy: share your experience with others", "Weiterempfehlung: Ihre Erfahrung mit anderen teilen"});
    /** role -> rule name, concerns, English and German explanation */
    private static final Map<String, Object[]> ROLE_CONCERNS = Map.of(
            "managing-director", new Object[] {"Managing director: image and strategy", Set.of("image", "strategy"),
                    "Managing directors weigh image and strategic fit", "Die Geschäftsführung achtet auf Image und strategische Passung"},
            "head-of-sales", new Object[] {"Head of sales: price and efficiency", Set.of("price", "efficiency"),
                    "Heads of sales weigh price and efficiency", "Die Vertriebsleitung achtet auf Preis und Effizienz"},
            "production", new Object[] {"Production: ease of use", Set.of("usability"),
                    "Production staff care about ease of use", "Die Produktion achtet auf einfache Bedienung"},
            "it", new Object[] {"IT: security and integration", Set.of("security", "integration"),
                    "IT weighs security and integration", "Die IT achtet auf Sicherheit und Integration"},
            "purchasing", new Object[] {"Purchasing: price and terms", Set.of("price", "terms"),
                    "Purchasing weighs price and terms", "Der Einkauf achtet auf Preis und Konditionen"},
            "finance", new Object[] {"Finance: return on investment", Set.of("roi"),
                    "Finance weighs the return on investment", "Die Finanzabteilung achtet auf die Rendite"},
            "marketing", new Object[] {"Marketing: image", Set.of("image"),
                    "Marketing weighs the effect on the brand's image", "Das Marketing achtet auf die Wirkung auf das Image"});

    private final Catalog catalog;

    public HandWrittenScorer(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Evaluation evaluate(Contact c, de.wegweiser.domain.Account account, LocalDate today) { // the bundled rules read no account
        Scorecard card = new Scorecard(c.language(), catalog.taxonomy(), catalog.items().size());
        JourneyPhase phase = c.phase();
        JourneyPhase next = c.nextPhase();
        boolean customer = c.isCustomer();
        String roleLabel = card.label(c.role());
        String[] phaseRule = PHASE_RULE.get(phase);
        Set<String> phaseFormats = FORMATS_PER_PHASE.get(phase);
        Object[] roleRule = ROLE_CONCERNS.get(c.role());
        Set<String> roleConcerns = roleRule == null ? Set.of() : (Set<String>) roleRule[1];
        // every explanation that depends only on the contact is written once per request
        String writtenForEn = "Written for " + roleLabel;
        String writtenForDe = "Geschrieben für " + roleLabel;
        String convinceEn = "Before the decision, " + roleLabel + " needs answers of their own";
        String convinceDe = "Vor der Entscheidung braucht " + roleLabel + " eigene Antworten";
        String madeForEn = "Made for the phase " + phase.label("en");
        String madeForDe = "Passend zur Phase " + phase.label("de");
        String aheadEn = "A step forward: prepares the phase " + next.label("en");
        String aheadDe = "Ein Schritt weiter: bereitet die Phase " + next.label("de") + " vor";
        String[] concerns = c.concerns().toArray(String[]::new);
        String[] concernEn = new String[concerns.length];
        String[] concernDe = new String[concerns.length];
        for (int i = 0; i < concerns.length; i++) {
            concernEn[i] = "Answers your concern: " + card.label(concerns[i]);
            concernDe[i] = "Greift Ihr Anliegen auf: " + card.label(concerns[i]);
        }
        String[] topics = c.topics().toArray(String[]::new);
        String[] topicEn = new String[topics.length];
        String[] topicDe = new String[topics.length];
        for (int i = 0; i < topics.length; i++) {
            topicEn[i] = "On your topic: " + card.label(topics[i]);
            topicDe[i] = "Zu Ihrem Thema: " + card.label(topics[i]);
        }
        LocalDate upcomingUntil = today.plusDays(60);
        LocalDate freshAfter = today.minusDays(180);

        for (ContentItem item : catalog.items()) {
            // buying-center.drl
            boolean forRole = item.roles().contains(c.role());
            if (forRole) {
                card.enterRule("Written for the contact's role");
                card.recommend(item, 10, writtenForEn, writtenForDe);
            }
            if (roleRule != null && intersects(item.concerns(), roleConcerns)) {
                card.enterRule((String) roleRule[0]);
                card.recommend(item, 20, (String) roleRule[2], (String) roleRule[3]);
            }
            for (int i = 0; i < concerns.length; i++) {
                if (item.concerns().contains(concerns[i])) {
                    card.enterRule("The contact's own concerns");
                    card.recommend(item, 8, concernEn[i], concernDe[i]);
                }
            }
            for (int i = 0; i < topics.length; i++) {
                if (item.topics().contains(topics[i])) {
                    card.enterRule("The contact's topics of interest");
                    card.recommend(item, 6, topicEn[i], topicDe[i]);
                }
            }
            if (phase == JourneyPhase.INTENT_TO_PURCHASE && forRole) {
                card.enterRule("Intent to purchase: convince each member of the buying center");
                card.recommend(item, 10, convinceEn, convinceDe);
            }
            // content-per-phase.csv
            if (phaseFormats.contains(item.format())) {
                card.enterRule(phaseRule[0]);
                card.recommend(item, 20, phaseRule[1], phaseRule[2]);
            }
            if (phase == JourneyPhase.INTENT_TO_PURCHASE && (item.format().equals("event") || item.format().equals("datasheet"))) {
                card.enterRule("Intent to purchase: meet us and check the specs");
                card.recommend(item, 10, "Before signing: see the machine and check the specifications",
                        "Vor der Unterschrift: Maschine erleben und Daten prüfen");
            }
            // customer-lifecycle.drl
            if (customer && item.isTopOfFunnelOnly()) {
                card.enterRule("Customers are past the top of the funnel");
                card.exclude(item, "Top-of-funnel content does not fit an existing customer",
                        "Einstiegsinhalte passen nicht zu bestehenden Kunden");
            }
            if (!customer && item.isCustomerOnly()) {
                card.enterRule("Customer-only content is for customers");
                card.exclude(item, "Only for customers", "Nur für Kunden");
            }
            if (customer && item.isForCustomers()) {
                card.enterRule("Customers: build the relationship");
                card.recommend(item, 10, "For customers: builds on what you already have",
                        "Für Kunden: baut auf dem auf, was Sie bereits haben");
            }
            if (phase.isTopOfFunnel() && !item.gated()) {
                card.enterRule("Early on, no form before trust");
                card.recommend(item, 5, "Freely available, no registration needed", "Frei zugänglich, ohne Registrierung");
            }
            // hygiene.drl
            if (c.consumed().contains(item.id())) {
                card.enterRule("Never offer consumed content again");
                card.exclude(item, "Already consumed", "Bereits genutzt");
            }
            if (item.expires() != null && !today.isBefore(item.expires())) {
                card.enterRule("Expired content is withdrawn");
                card.exclude(item, "Expired", "Abgelaufen");
            }
            LocalDate event = item.eventDate();
            if (event != null && event.isBefore(today)) {
                card.enterRule("Past events are over");
                card.exclude(item, "The date has passed", "Der Termin ist vorbei");
            }
            if (!item.language().equals(c.language())) {
                card.enterRule("Other language only as a fallback");
                card.fallback(item, "Not in your language: shown only when nothing else fits",
                        "Nicht in Ihrer Sprache: nur angezeigt, wenn nichts anderes passt");
            }
            if (event != null && !event.isBefore(today) && !event.isAfter(upcomingUntil)) {
                card.enterRule("Upcoming date: register now");
                card.recommend(item, 5, "Takes place on " + event + ": register now", "Findet am " + event + " statt: jetzt anmelden");
            }
            LocalDate published = item.published();
            if (published != null && !published.isAfter(today) && published.isAfter(freshAfter)) {
                card.enterRule("Recently published");
                card.recommend(item, 2, "Published in the last six months", "In den letzten sechs Monaten erschienen");
            }
            // journey-phases.drl
            Set<JourneyPhase> phases = item.phases();
            boolean inPhase = phases.contains(phase);
            if (inPhase) {
                card.enterRule("Made for the contact's phase");
                card.recommend(item, 30, madeForEn, madeForDe);
            }
            if (phase != JourneyPhase.ADVOCACY && !inPhase && phases.contains(next)) {
                card.enterRule("One step ahead");
                card.recommend(item, 10, aheadEn, aheadDe);
            }
            if (item.isOnlyBefore(phase)) {
                card.enterRule("A look back");
                card.recommend(item, 3, "From an earlier phase: background if something is still open",
                        "Aus einer früheren Phase: Hintergrund, falls noch Fragen offen sind");
            }
        }
        return card.evaluation(0);
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : b) if (a.contains(x)) return true;
        return false;
    }

    @Override
    public <R> R withCandidates(Contact contact, de.wegweiser.domain.Account account, LocalDate today, Set<String> excludedIds,
                                int wanted, java.util.function.Function<Candidates, R> use) {
        return use.apply(Candidates.of(catalog.items(), evaluate(contact, today), excludedIds));
    }
}
