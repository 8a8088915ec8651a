package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.accounts.AccountService;
import de.wegweiser.accounts.AccountTexts;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.RoleCoverage;
import de.wegweiser.rules.AccountEffect;
import de.wegweiser.storage.AccountSummaryRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Response bodies of the account API: kebab-case ids, ISO times, texts in the reader's language. */
final class AccountView {

    private AccountView() {}

    /** {@code GET /api/v1/accounts/{account}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Account(String account, String language, String accountRulesVersion, Decided phase, Decided status, Score engagement,
                   int activeMembers, Instant lastActivity, List<Member> members, List<Coverage> coverage,
                   List<String> missingRoles, List<Gap> gaps) {

        static Account of(AccountAssessment a, String language, AccountTexts texts) {
            return new Account(a.id(), language, a.rulesVersion(), Decided.of(a.phase(), a.phase() == null ? null : a.phase().value().id(), language),
                    Decided.of(a.status(), a.status() == null ? null : a.status().value().id(), language),
                    Score.of(a, language), a.account().activeMembers(), a.lastActivity(),
                    a.members().stream().map(Member::of).toList(),
                    a.coverage().stream().map(Coverage::of).toList(),
                    a.account().missingRoles().stream().sorted().toList(),
                    a.gaps().stream().map(g -> Gap.of(g, a, language, texts)).toList());
        }
    }

    /** A decision of the account rules: the value, the rule and its reason. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Decided(String value, String rule, String reason) {
        static Decided of(AccountAssessment.Decision<?> decision, String id, String language) {
            if (decision == null) return null;
            return new Decided(id, decision.rule(), decision.reason(language));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Score(double score, String method, String rule, String reason) {
        static Score of(AccountAssessment a, String language) {
            var m = a.scoreMethod();
            return new Score(ContactView.round(a.score()), m == null ? "sum" : m.value().id(), m == null ? null : m.rule(),
                    m == null ? null : m.reason(language));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Member(String id, String role, List<String> concerns, String language, String phase, String lifecycle, double leadScore,
                  boolean active, Instant lastActivity, List<Consumed> consumed) {
        static Member of(AccountAssessment.Member m) {
            var p = m.contact().profile();
            var s = m.contact().state();
            return new Member(m.id(), p.role(), p.concerns().stream().sorted().toList(), p.language(), s.phase().id(),
                    s.lifecycle() == null ? null : s.lifecycle().id(), ContactView.round(m.leadScore()), m.active(), s.lastEngagementAt(),
                    m.consumed().stream().map(Consumed::of).toList());
        }
    }

    record Consumed(String itemId, Instant at) {
        static Consumed of(ConsumedItem item) { return new Consumed(item.itemId(), item.at()); }
    }

    /** One role of the buying center: who has it, what it judges by, what it has seen content on and what not. */
    record Coverage(String role, int members, List<String> concerns, List<String> seen, List<String> missing) {
        static Coverage of(RoleCoverage c) {
            return new Coverage(c.role(), c.members(), c.concerns().stream().sorted().toList(), c.seenConcerns().stream().sorted().toList(),
                    c.missingConcerns().stream().sorted().toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Gap(String kind, String role, String concern, String member, String rule, String text) {
        static Gap of(AccountEffect.Gap g, AccountAssessment a, String language, AccountTexts texts) {
            return new Gap(g.kind().id(), g.role(), g.concern(), g.contactId(), g.rule(), texts.gap(g, a, language));
        }
    }

    /**
     * {@code GET /api/v1/accounts}; {@code page} is null when the page was asked for by cursor,
     * {@code next} null on the last page, {@code pending} only present while summaries are being made again.
     */
    record Page(List<Summary> accounts, Integer page, int size, long total, int pages, String next,
                @JsonInclude(JsonInclude.Include.NON_DEFAULT) long pending) {
        static Page of(AccountService.Page page, Integer number, int size) {
            return new Page(page.accounts().stream().map(Summary::of).toList(), number, size, page.total(),
                    (int) ((page.total() + size - 1) / size), page.next() == null ? null : page.next().encode(), page.pending());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(String account, int members, int activeMembers, String phase, String status, double engagementScore,
                   List<String> gapKinds, int gaps, Instant lastActivity) {
        static Summary of(AccountSummaryRow r) {
            return new Summary(r.account(), r.members(), r.activeMembers(), r.phase(), r.status(), ContactView.round(r.score()),
                    r.gapKinds().stream().sorted().toList(), r.gaps(), r.lastActivity());
        }
    }

    /** {@code GET /api/v1/accounts/{account}/recommendations}. */
    record Recommendations(String account, String language, String phase, List<MemberNext> members, List<GapClosing> gaps) {
        /** @param track gives each member's answer and each gap's content its trackingId, as a contact's own answer gets one */
        static Recommendations of(AccountService.AccountRecommendations r, String language, AccountTexts texts,
                                  java.util.function.Function<de.wegweiser.recommend.RecommendationResult, String> track) {
            AccountAssessment a = r.account();
            return new Recommendations(a.id(), language, a.phase() == null ? null : a.phase().value().id(),
                    r.members().entrySet().stream().map(e -> MemberNext.of(a, e, track.apply(e.getValue()))).toList(),
                    r.gaps().stream().map(g -> GapClosing.of(g, a, language, texts, g.answer() == null ? null : track.apply(g.answer()))).toList());
        }
    }

    /** @param trackingId names this member's answer in the impressions and clicks the CMS reports back */
    record MemberNext(String member, String role, String phase, String trackingId, List<RecommendationView.Entry> recommendations) {
        static MemberNext of(AccountAssessment a, Map.Entry<String, de.wegweiser.recommend.RecommendationResult> e, String trackingId) {
            AccountAssessment.Member m = a.members().stream().filter(x -> x.id().equals(e.getKey())).findFirst().orElseThrow();
            return new MemberNext(m.id(), m.contact().profile().role(), m.contact().state().phase().id(), trackingId,
                    e.getValue().recommendations().stream().map(RecommendationView::entry).toList());
        }
    }

    /**
     * A gap, the content that closes it (absent when the catalog has nothing left), and who should hand it on.
     *
     * @param trackingId names the content in the impressions and clicks reported back; absent without content
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GapClosing(Gap gap, String forMember, RecommendationView.Entry content, Forward forwardedBy, String trackingId) {
        static GapClosing of(AccountService.GapClosing g, AccountAssessment a, String language, AccountTexts texts, String trackingId) {
            var f = g.forwarder();
            return new GapClosing(Gap.of(g.gap(), a, language, texts), g.recipient() == null ? null : g.recipient().id(),
                    g.content() == null ? null : RecommendationView.entry(g.content()),
                    f == null ? null : new Forward(f.member() == null ? null : f.member().id(),
                            f.member() == null ? null : f.member().contact().profile().role(), f.why(language)), trackingId);
        }
    }

    /** @param member null when nobody else is engaged: send it directly */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Forward(String member, String role, String why) {}
}
