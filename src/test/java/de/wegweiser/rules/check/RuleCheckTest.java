package de.wegweiser.rules.check;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.rules.ProblemCode;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.rules.RuleProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The safety check refuses every way found to run code from a rule file, each with file, line and
 * a message in words, and lets the shipped rules and everything the rule guide shows pass.
 */
class RuleCheckTest {

    private static final String HEADER = """
            // Rules written to try the safety check.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import de.wegweiser.domain.Today;
            import function de.wegweiser.rules.Scoring.recommend;
            import function de.wegweiser.rules.Scoring.label;

            """;
    /** The line of the first line after the header. */
    private static final int AFTER_HEADER = (int) HEADER.lines().count() + 1;

    /** A rule with a hostile condition (line {@code AFTER_HEADER + 4}) or action (line {@code AFTER_HEADER + 6}). */
    private static String rule(String condition, String action) {
        return HEADER + """
                // An attack.
                rule "Attack"
                    when
                        $contact : Contact()
                        %s
                    then
                        %s
                end
                """.formatted(condition, action);
    }

    private static final int CONDITION_LINE = AFTER_HEADER + 4;
    private static final int ACTION_LINE = AFTER_HEADER + 6;

    private static List<RuleProblem> check(String text) {
        return RuleCheck.check(Map.of("attack.drl", text), Vocabulary.RECOMMENDATION);
    }

    private static List<RuleProblem> checkJourney(String text) {
        return RuleCheck.check(Map.of("journey/attack.drl", text), Vocabulary.JOURNEY);
    }

    /** Exactly one error, with the code, the line and a message that names no Java class. */
    private static void assertRefused(List<RuleProblem> problems, ProblemCode code, int line) {
        List<RuleProblem> errors = problems.stream().filter(RuleProblem::isError).toList();
        assertFalse(errors.isEmpty(), "refused");
        RuleProblem first = errors.get(0);
        assertAll(
                () -> assertEquals(code, first.code(), first.describe()),
                () -> assertEquals(line, first.line(), first.describe()),
                () -> assertTrue(first.column() >= 1, "column of " + first.describe()),
                // what the author wrote is quoted back; the rest of the message names no Java class
                () -> assertFalse(first.message().replaceAll("'[^']*'", "").matches("(?s).*\\b(java|org|com)\\.[a-z]+\\.[A-Za-z].*"),
                        "no class names for marketers: " + first.message()),
                () -> assertFalse(RuleCheck.passed(problems)));
    }

    // ---------------------------------------------------------------- the attacks that were found

    @Test
    void a_unicode_escape_that_ends_a_comment_is_refused_before_anything_compiles() {
        String text = rule("$item : ContentItem()",
                "recommend($item, 1, \"x\"); // \\u000a Runtime.getRuntime().exec(\"touch /tmp/wegweiser-pwned\");");
        assertRefused(check(text), ProblemCode.UNICODE_ESCAPE, ACTION_LINE);
    }

    @Test
    void a_catastrophic_regular_expression_in_the_points_is_refused() {
        String text = rule("$item : ContentItem()",
                "recommend($item, \"a\".repeat(40).concat(\"!\").matches(\"(.*a){41}\") ? 1 : 2, \"x\");");
        assertRefused(check(text), ProblemCode.EXPRESSION_NOT_ALLOWED, ACTION_LINE);
    }

    @Test
    void building_a_huge_string_is_refused() {
        String text = rule("$item : ContentItem()", "recommend($item, \"x\".repeat(2000000000).length(), \"x\");");
        assertRefused(check(text), ProblemCode.UNKNOWN_MEMBER, ACTION_LINE);
    }

    @ParameterizedTest(name = "journey rule: {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            Runtime.getRuntime().exec("id");                                              # ACTION_NOT_ALLOWED
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/x"), "x");       # ACTION_NOT_ALLOWED
            System.exit(3);                                                               # ACTION_NOT_ALLOWED
            insert(new Object());                                                         # ACTION_NOT_ALLOWED
            update($contact);                                                             # ACTION_NOT_ALLOWED
            drools.halt();                                                                # ACTION_NOT_ALLOWED
            moveToPhase($contact, JourneyPhase.AWARENESS, "x" + System.getenv("HOME"));   # ACTION_NOT_ALLOWED
            """)
    void journey_rules_get_the_same_check(String action, ProblemCode code) {
        String text = """
                // Journey attack.
                package wegweiser.journey;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.Event;
                import de.wegweiser.domain.EventType;
                import de.wegweiser.domain.JourneyPhase;
                import function de.wegweiser.rules.Journey.moveToPhase;

                // An attack.
                rule "Attack"
                    when
                        $contact : Contact()
                        Event( type == EventType.PAGE_VIEW )
                    then
                        %s
                end
                """.formatted(action);
        List<RuleProblem> problems = checkJourney(text);
        RuleProblem first = problems.get(0);
        // the helper call with System.getenv inside is refused for the name in it
        ProblemCode expected = action.startsWith("moveToPhase") ? ProblemCode.UNKNOWN_NAME : code;
        assertRefused(problems, expected, 16);
        assertEquals("Attack", first.rule());
    }

    // ---------------------------------------------------------------- more variants, after 'then'

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            fully qualified class            # java.lang.Runtime.getRuntime().exec("id");                            # ACTION_NOT_ALLOWED
            exec inside a helper's value     # recommend($item, 1, "" + Runtime.getRuntime().exec("id"));            # UNKNOWN_NAME
            fully qualified inside a value   # recommend($item, 1, "" + java.lang.System.getenv("HOME"));            # UNKNOWN_NAME
            new object                       # recommend($item, 1, new String("x"));                                 # EXPRESSION_NOT_ALLOWED
            new file                         # new java.io.File("/tmp/x").delete();                                  # ACTION_NOT_ALLOWED
            lambda                           # recommend($item, ((java.util.function.IntSupplier) () -> 1).getAsInt(), "x"); # EXPRESSION_NOT_ALLOWED
            method reference                 # recommend($item, 1, java.util.Optional.of("x").map(String::trim).get()); # UNKNOWN_NAME
            array creation                   # recommend($item, new int[] {1}[0], "x");                              # EXPRESSION_NOT_ALLOWED
            array variable                   # String[] a = {"x"};                                                   # ACTION_NOT_ALLOWED
            local variable                   # int points = 5;                                                       # ACTION_NOT_ALLOWED
            cast                             # recommend($item, (int) 1.5, "x");                                     # EXPRESSION_NOT_ALLOWED
            ternary                          # recommend($item, 1 > 0 ? 1 : 2, "x");                                 # EXPRESSION_NOT_ALLOWED
            class literal                    # recommend($item, 1, "" + String.class);                               # EXPRESSION_NOT_ALLOWED
            getClass on a fact               # recommend($item, 1, "" + $item.getClass().getClassLoader());          # UNKNOWN_MEMBER
            method on text                   # recommend($item, 1, label("price").repeat(9));                        # UNKNOWN_MEMBER
            method on a field                # recommend($item, 1, $item.title().concat("x"));                       # UNKNOWN_MEMBER
            instanceof                       # recommend($item, 1, "" + ($item instanceof Object));                  # EXPRESSION_NOT_ALLOWED
            static method of an enum         # recommend($item, 1, "" + JourneyPhase.valueOf("AWARENESS"));          # EXPRESSION_NOT_ALLOWED
            date from the clock              # recommend($item, 1, "x" + java.time.LocalDate.now());                 # UNKNOWN_NAME
            insert                           # insert(new Object());                                                 # ACTION_NOT_ALLOWED
            retract                          # retract($item);                                                       # ACTION_NOT_ALLOWED
            modify block                     # modify($item) { };                                                    # SYNTAX
            the engine                       # drools.halt();                                                        # ACTION_NOT_ALLOWED
            the engine's context             # kcontext.getKieRuntime().halt();                                      # ACTION_NOT_ALLOWED
            for loop                         # for (int i = 0; i < 9; i++) { recommend($item, 1, "x"); }              # ACTION_NOT_ALLOWED
            while loop                       # while (true) { }                                                      # ACTION_NOT_ALLOWED
            if statement                     # if ($item != null) { recommend($item, 1, "x"); }                      # ACTION_NOT_ALLOWED
            throw                            # throw new RuntimeException("x");                                      # ACTION_NOT_ALLOWED
            assignment                       # recommend($item, 1, $x = "a");                                        # EXPRESSION_NOT_ALLOWED
            synchronized block               # synchronized (this) { }                                               # ACTION_NOT_ALLOWED
            bit shift                        # recommend($item, 1 << 30, "x");                                       # EXPRESSION_NOT_ALLOWED
            increment                        # recommend($item, $n++, "x");                                          # UNKNOWN_NAME
            generic call                     # recommend($item, 1, java.util.List.<String>of().toString());          # EXPRESSION_NOT_ALLOWED
            an action used as a value        # recommend($item, 1, "" + exclude($item, "x"));                        # EXPRESSION_NOT_ALLOWED
            """)
    void actions_that_are_not_helper_calls_are_refused(String name, String action, ProblemCode code) {
        assertRefused(check(rule("$item : ContentItem()", action.replace("\\n", "\n"))), code, ACTION_LINE);
    }

    // ---------------------------------------------------------------- conditions

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            eval                             # eval( Runtime.getRuntime() != null )                                   # CONDITION_NOT_ALLOWED
            from with a method call          # $item : ContentItem() from $contact.toString()                        # CONDITION_NOT_ALLOWED
            from a method call on a value    # $c : String() from $contact.toString()                                 # UNKNOWN_MEMBER
            from something not a set         # $c : String() from $contact.role                                       # CONDITION_NOT_ALLOWED
            accumulate                       # $n : Number() from accumulate( ContentItem(), count(1) )               # UNKNOWN_FACT_TYPE
            accumulate over items            # $n : ContentItem() from accumulate( ContentItem(), count(1) )          # CONDITION_NOT_ALLOWED
            collect                          # $l : ContentItem() from collect( ContentItem() )                       # CONDITION_NOT_ALLOWED
            a pattern on a JDK class         # java.lang.Runtime()                                                    # UNKNOWN_FACT_TYPE
            a pattern on a list              # java.util.ArrayList()                                                  # UNKNOWN_FACT_TYPE
            static call in a condition       # $item : ContentItem( title == System.getProperty("user.name") )        # UNKNOWN_NAME
            fully qualified in a condition   # $item : ContentItem( title == java.lang.System.getenv("HOME") )         # UNKNOWN_NAME
            regular expression               # $item : ContentItem( title matches "(.*a){41}" )                       # OPERATOR_NOT_ALLOWED
            string operator                  # $item : ContentItem( title str[startsWith] "x" )                       # OPERATOR_NOT_ALLOWED
            soundslike                       # $item : ContentItem( title soundslike "x" )                            # OPERATOR_NOT_ALLOWED
            MVEL inline list                 # $item : ContentItem( [1, 2] contains 1 )                               # SYNTAX
            MVEL inline map                  # $item : ContentItem( ["a" : 1] != null )                                # SYNTAX
            MVEL null-safe navigation        # $item : ContentItem( $contact.?role == "it" )                          # SYNTAX
            getClass in a condition          # $item : ContentItem( this.getClass() != null )                         # UNKNOWN_MEMBER
            method on text in a condition    # $item : ContentItem( title.length() > 5 )                              # UNKNOWN_MEMBER
            new in a condition               # $item : ContentItem( title == new String("x") )                        # EXPRESSION_NOT_ALLOWED
            positional condition             # $item : ContentItem( "id-1"; )                                         # CONDITION_NOT_ALLOWED
            a query call                     # ?attack()                                                              # CONDITION_NOT_ALLOWED
            unicode escape in a condition    # $item : ContentItem( format == "\\u0077ebinar" )                       # UNICODE_ESCAPE
            """)
    void conditions_outside_the_allowlist_are_refused(String name, String condition, ProblemCode code) {
        String fixed = condition.replace("\\\\u", "\\u");
        List<RuleProblem> problems = check(rule(fixed, "recommend($item, 1, \"x\");"));
        List<RuleProblem> errors = problems.stream().filter(RuleProblem::isError).toList();
        assertFalse(errors.isEmpty(), name + " refused");
        assertEquals(code, errors.get(0).code(), errors.get(0).describe());
        assertEquals(CONDITION_LINE, errors.get(0).line(), errors.get(0).describe());
    }

    // ---------------------------------------------------------------- the file around the rules

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            import of a JDK class            # import java.lang.Runtime;                                             # IMPORT_NOT_ALLOWED
            wildcard import                  # import java.util.*;                                                    # IMPORT_NOT_ALLOWED
            wildcard import of the facts     # import de.wegweiser.domain.*;                                          # IMPORT_NOT_ALLOWED
            import of an engine class        # import de.wegweiser.rules.Scorecard;                                   # IMPORT_NOT_ALLOWED
            static import as a function      # import function java.lang.System.exit;                                 # IMPORT_NOT_ALLOWED
            function import of a wildcard    # import function de.wegweiser.rules.Scoring.*;                          # IMPORT_NOT_ALLOWED
            accumulate import                # import accumulate java.lang.Object evil;                               # IMPORT_NOT_ALLOWED
            function                         # function void boom() { Runtime.getRuntime().exec("id"); }              # DECLARATION_NOT_ALLOWED
            global                           # global java.util.List sink;                                             # DECLARATION_NOT_ALLOWED
            declare a type                   # declare Evil name : String end                                          # DECLARATION_NOT_ALLOWED
            declare an existing fact         # declare ContentItem @role(event) end                                    # DECLARATION_NOT_ALLOWED
            query                            # query attack() ContentItem() end                                        # DECLARATION_NOT_ALLOWED
            dialect for the whole file       # dialect "mvel"                                                          # ATTRIBUTE_NOT_ALLOWED
            """)
    void declarations_outside_the_allowlist_are_refused(String name, String declaration, ProblemCode code) {
        String text = HEADER + declaration + "\n\n" + rule("$item : ContentItem()", "recommend($item, 1, \"x\");").substring(HEADER.length());
        List<RuleProblem> errors = check(text).stream().filter(RuleProblem::isError).toList();
        assertFalse(errors.isEmpty(), name + " refused");
        assertEquals(code, errors.get(0).code(), errors.get(0).describe());
        assertEquals(AFTER_HEADER, errors.get(0).line(), errors.get(0).describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            dialect mvel                     # dialect "mvel"
            salience computed                # salience ($contact.hashCode())
            enabled computed                 # enabled ( java.lang.System.exit(0) == null )
            timer                            # timer (int: 1s)
            """)
    void attributes_outside_the_allowlist_are_refused(String name, String attribute) {
        String text = rule("$item : ContentItem()", "recommend($item, 1, \"x\");").replace("rule \"Attack\"", "rule \"Attack\" " + attribute);
        List<RuleProblem> errors = check(text).stream().filter(RuleProblem::isError).toList();
        assertFalse(errors.isEmpty(), name + " refused");
        assertEquals(ProblemCode.ATTRIBUTE_NOT_ALLOWED, errors.get(0).code(), errors.get(0).describe());
    }

    private static List<RuleProblem> checkAccount(String text) {
        return RuleCheck.check(Map.of("account/attack.drl", text), Vocabulary.ACCOUNT);
    }

    /** An account rule with the given condition (line 12) and action (line 14). */
    private static String accountRule(String condition, String action) {
        return """
                // Account attack.
                package wegweiser.account;

                import de.wegweiser.domain.Account;
                import de.wegweiser.domain.AccountMember;
                import function de.wegweiser.rules.Accounts.roleMissing;

                // An attack.
                rule "Attack"
                    when
                        $account : Account()
                        %s
                    then
                        %s
                end
                """.formatted(condition, action);
    }

    @ParameterizedTest(name = "account rule: {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            Runtime.getRuntime().exec("id");                                               # ACTION_NOT_ALLOWED
            System.exit(3);                                                                # ACTION_NOT_ALLOWED
            insert(new Object());                                                          # ACTION_NOT_ALLOWED
            drools.halt();                                                                 # ACTION_NOT_ALLOWED
            roleMissing($account, "it", "x" + System.getenv("HOME"), "y");                 # UNKNOWN_NAME
            moveToPhase(null, null, "x");                                                  # ACTION_NOT_ALLOWED
            recommend(null, 1, "x");                                                       # ACTION_NOT_ALLOWED
            """)
    void account_rules_get_the_same_check(String action, ProblemCode code) {
        List<RuleProblem> problems = checkAccount(accountRule("AccountMember()", action));
        List<RuleProblem> errors = problems.stream().filter(RuleProblem::isError).toList();
        assertFalse(errors.isEmpty(), action + " refused");
        assertEquals(14, errors.get(0).line(), errors.get(0).describe());
        assertEquals(code, errors.get(0).code(), errors.get(0).describe());
        assertFalse(RuleCheck.passed(problems));
    }

    @Test
    void an_account_condition_that_reaches_outside_the_account_vocabulary_is_refused() {
        assertRefused(checkAccount(accountRule("AccountMember( contactId == System.getProperty(\"user.name\") )",
                "roleMissing($account, \"it\", \"x\", \"y\");")), ProblemCode.UNKNOWN_NAME, 12);
        // the journey's facts are not the account's
        List<RuleProblem> journeyFact = checkAccount(accountRule("Event()", "roleMissing($account, \"it\", \"x\", \"y\");"));
        assertFalse(RuleCheck.passed(journeyFact), journeyFact.toString());
        // nor is an account rule a recommendation rule
        List<RuleProblem> wrongPackage = RuleCheck.check(Map.of("account/attack.drl",
                accountRule("AccountMember()", "roleMissing($account, \"it\", \"x\", \"y\");").replace("wegweiser.account", "wegweiser.rules")),
                Vocabulary.ACCOUNT);
        assertEquals(ProblemCode.WRONG_PACKAGE, wrongPackage.stream().filter(RuleProblem::isError).findFirst().orElseThrow().code());
    }

    @Test
    void account_settings_take_literal_values_only_and_no_other_declaration() {
        String text = """
                package wegweiser.account;

                declare AccountSettings
                    activeDays : int = Integer.parseInt("30")
                end
                """;
        assertRefused(checkAccount(text), ProblemCode.DECLARATION_NOT_ALLOWED, 4);
        assertRefused(checkAccount("package wegweiser.account;\n\ndeclare JourneySettings\n    mqlScore : int = 40\nend\n"),
                ProblemCode.DECLARATION_NOT_ALLOWED, 3);
    }

    @Test
    void a_rule_name_that_could_break_out_of_generated_java_is_refused() {
        String text = rule("$item : ContentItem()", "recommend($item, 1, \"x\");")
                .replace("rule \"Attack\"", "rule \"x\\\" + System.exit(1) + \\\"\"");
        assertRefused(check(text), ProblemCode.DECLARATION_NOT_ALLOWED, AFTER_HEADER + 1);
    }

    @Test
    void another_package_is_refused() {
        assertRefused(check(HEADER.replace("package wegweiser.rules;", "package java.lang;")
                + rule("$item : ContentItem()", "recommend($item, 1, \"x\");").substring(HEADER.length())), ProblemCode.WRONG_PACKAGE, 2);
    }

    @Test
    void journey_settings_take_literal_values_only() {
        String text = """
                package wegweiser.journey;

                declare JourneySettings
                    mqlScore : int = Integer.parseInt("40")
                end
                """;
        assertRefused(checkJourney(text), ProblemCode.DECLARATION_NOT_ALLOWED, 4);
        String annotated = "package wegweiser.journey;\n\ndeclare JourneySettings @role(event)\n    mqlScore : int = 40\nend\n";
        assertRefused(checkJourney(annotated), ProblemCode.DECLARATION_NOT_ALLOWED, 3);
    }

    // ---------------------------------------------------------------- what passes

    @Test
    void the_shipped_recommendation_journey_and_account_rules_pass() {
        // decision tables reach the check as the DRL Drools makes of them (DecisionTableTest)
        assertEquals(List.of(), errors(RuleCompiler.recommendationFiles(TestApp.RULES).stream().filter(f -> f.toString().endsWith(".drl")).toList(),
                TestApp.RULES, Vocabulary.RECOMMENDATION));
        assertEquals(List.of(), errors(RuleCompiler.journeyFiles(TestApp.RULES), TestApp.RULES, Vocabulary.JOURNEY));
        assertFalse(RuleCompiler.accountFiles(TestApp.RULES).isEmpty());
        assertEquals(List.of(), errors(RuleCompiler.accountFiles(TestApp.RULES), TestApp.RULES, Vocabulary.ACCOUNT));
    }

    private static List<String> errors(List<Path> files, Path dir, Vocabulary vocabulary) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                sources.put(SourceFiles.relative(dir, file), Files.readString(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return RuleCheck.check(sources, vocabulary).stream().filter(RuleProblem::isError).map(RuleProblem::describe).toList();
    }

    @Test
    void what_the_rule_guide_shows_passes() {
        String text = rule("Today( $today : date )\n        $item : ContentItem( format in ('webinar', \"checklist\"), concerns contains \"price\" || roles contains \"it\", "
                        + "phases not contains JourneyPhase.AWARENESS, id memberOf $contact.consumed == false, isUpcomingWithin($today, 60 + 1) )"
                        + "\n        not ContentItem( id == \"x\" )\n        exists( Contact( phase.topOfFunnel ) )",
                "recommend($item, 10 * 2 - 5, \"For \" + label(\"it\") + \" on \" + $item.eventDate(), \"Für \" + $contact.phase().label(\"de\"));");
        List<RuleProblem> problems = check(text.replace("rule \"Attack\"", "rule \"Attack\" salience 10 enabled true"));
        assertEquals(List.of(), problems.stream().filter(RuleProblem::isError).map(RuleProblem::describe).toList());
    }

    // ---------------------------------------------------------------- mistakes in words

    @Test
    void points_written_as_text_are_named_in_words() {
        List<RuleProblem> problems = check(rule("$item : ContentItem()", "recommend($item, \"20\", \"x\");"));
        assertRefused(problems, ProblemCode.WRONG_TYPE, ACTION_LINE);
        assertEquals("the points given to recommend(...) must be a number without quotes, e.g. 20, not text", problems.get(0).message());
    }

    @Test
    void a_set_compared_with_text_says_contains() {
        List<RuleProblem> problems = check(rule("$item : ContentItem( concerns == \"price\" )", "recommend($item, 1, \"x\");"));
        assertRefused(problems, ProblemCode.WRONG_TYPE, CONDITION_LINE);
        assertEquals("'concerns' holds several values and never equals one text; write 'concerns contains \"price\"'",
                problems.get(0).message());
    }

    @Test
    void an_unknown_field_gets_a_did_you_mean() {
        List<RuleProblem> problems = check(rule("$item : ContentItem( formt == \"webinar\" )", "recommend($item, 1, \"x\");"));
        assertRefused(problems, ProblemCode.UNKNOWN_NAME, CONDITION_LINE);
        assertTrue(problems.get(0).message().contains("did you mean 'format'?"), problems.get(0).message());
    }

    @Test
    void every_set_compared_with_one_value_is_refused_at_its_line_whichever_side_it_stands_on() {
        for (String condition : List.of("ContentItem( roles == \"it\" )", "ContentItem( topics != \"automation\" )",
                "ContentItem( phases == JourneyPhase.CONSIDERATION )", "ContentItem( \"terms\" == concerns )",
                "ContentItem( concerns in (\"terms\", \"price\") )", "ContentItem( concerns == $contact.role )")) {
            List<RuleProblem> problems = check(rule("$item : " + condition, "recommend($item, 1, \"x\");"));
            assertTrue(problems.stream().anyMatch(p -> p.code() == ProblemCode.WRONG_TYPE && p.isError()),
                    condition + " -> " + problems.stream().map(RuleProblem::describe).toList());
        }
        List<RuleProblem> phase = check(rule("$item : ContentItem( phases == JourneyPhase.CONSIDERATION )", "recommend($item, 1, \"x\");"));
        assertEquals("'phases' holds several values and never equals one value; write 'phases contains JourneyPhase.CONSIDERATION'",
                phase.get(0).message());
    }

    @Test
    void a_set_compared_with_contains_or_with_null_is_fine() {
        for (String condition : List.of("ContentItem( roles contains \"it\" )", "ContentItem( topics != null )",
                "ContentItem( phases contains JourneyPhase.CONSIDERATION )")) {
            List<RuleProblem> problems = check(rule("$item : " + condition, "recommend($item, 1, \"x\");"));
            assertEquals(List.of(), problems.stream().filter(RuleProblem::isError).map(RuleProblem::describe).toList(), condition);
        }
    }
}
