package de.wegweiser.rules;

import java.util.Locale;

/**
 * What kind of problem a {@link RuleProblem} is. The message is for people; programs (and tests)
 * decide on the code, never on the wording of a message.
 */
public enum ProblemCode {
    // ---- the safety check: what a rule file may contain (an allowlist on the parsed rule)
    /** The file could not be parsed as DRL. */
    SYNTAX,
    /** A {@code \\u} escape: Java turns it into any character, also a line break that ends a comment. */
    UNICODE_ESCAPE,
    /** Not the package of its kind of rule file. */
    WRONG_PACKAGE,
    /** An import of something that is not a fact type or helper of this kind of rule file. */
    IMPORT_NOT_ALLOWED,
    /** function, query, global, declare (other than the settings), unit, entry point, window, ... */
    DECLARATION_NOT_ALLOWED,
    /** A rule attribute outside the allowlist, or one whose value is not a plain literal. */
    ATTRIBUTE_NOT_ALLOWED,
    /** A condition element outside the allowlist: eval, from, accumulate, collect, named consequences, ... */
    CONDITION_NOT_ALLOWED,
    /** A pattern on a type that is not a fact of this kind of rule file. */
    UNKNOWN_FACT_TYPE,
    /** A field or method a fact does not offer to rules. */
    UNKNOWN_MEMBER,
    /** A name that is neither a binding, a field of the pattern nor a fact type. */
    UNKNOWN_NAME,
    /** An operator outside the allowlist (matches, soundslike, str, temporal operators, ...). */
    OPERATOR_NOT_ALLOWED,
    /** An expression outside the allowlist: new, lambdas, casts, arrays, assignments, ... */
    EXPRESSION_NOT_ALLOWED,
    /** After {@code then}: anything but a call of one of the helpers. */
    ACTION_NOT_ALLOWED,
    /** A value of the wrong kind: points written as text, a set compared with text, ... */
    WRONG_TYPE,

    // ---- the lint: mistakes that compile and silently never match, and style
    UNKNOWN_TERM,
    PHASE_AS_TEXT,
    STATUS_AS_TEXT,
    DUPLICATE_RULE_NAME,
    NO_INTENT_COMMENT,
    NO_CONTACT,
    DOES_NOTHING,

    // ---- the rules held against the live catalog (warnings: a catalog edit never stops the rules)
    /** {@code ContentItem( id == "..." )} with an id no item of the catalog has. */
    UNKNOWN_ITEM_ID,
    /** The item's conditions that no contact can change hold for no item of the catalog. */
    NO_ITEM_MATCHES,
    /** They hold only for items in one language, though the rule says nothing about language. */
    ONE_LANGUAGE_ONLY,
    /** The rule's points cannot change any ranking: 0 points, or every item it matches is excluded for everyone. */
    NO_EFFECT,

    // ---- the compiler and the engine
    /** Reported by Drools while compiling. */
    COMPILE,
    /** No rules directory, no rule files. */
    NO_RULES,
    /** The rule is outside the fast top-k contract and runs on the fallback engine. */
    OUTSIDE_FAST_CONTRACT;

    /** {@code import-not-allowed}: the form used in JSON and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return id();
    }
}
