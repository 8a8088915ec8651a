package de.wegweiser.rules.check;

/** The kind of a value in a rule, as far as the safety check needs to know it. */
sealed interface Type permits Type.Value, FactType {

    /** How the kind is said in a message: "text", "a number", "ContentItem". */
    String said();

    enum Value implements Type {
        TEXT("text"),
        NUMBER("a number"),
        BOOLEAN("true or false"),
        DATE("a date"),
        INSTANT("a point in time"),
        SET("a set of values"),
        NULL("null"),
        NOTHING("nothing");

        private final String said;

        Value(String said) {
            this.said = said;
        }

        @Override
        public String said() { return said; }
    }
}
