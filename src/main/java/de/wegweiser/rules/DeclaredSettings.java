package de.wegweiser.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

/** The marketers' settings a rule set declares ({@code declare JourneySettings ... end}): found, made, read. */
final class DeclaredSettings {

    private DeclaredSettings() {}

    /** The declared type with this simple name, or null. */
    static FactType find(RuleBook book, String simpleName) {
        FactType type = null;
        for (KiePackage pkg : book.kieBase().getKiePackages()) {
            for (FactType candidate : pkg.getFactTypes()) {
                if (candidate.getSimpleName().equals(simpleName)) type = candidate;
            }
        }
        return type;
    }

    /** An instance with the declared values, to insert as a fact. */
    static Object newInstance(FactType type) {
        try {
            return type.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the declared " + type.getSimpleName(), e);
        }
    }

    /** Every field's declared value, in declaration order. */
    static Map<String, Object> values(FactType type) {
        Object defaults = newInstance(type);
        Map<String, Object> values = new LinkedHashMap<>();
        for (FactField field : type.getFields()) values.put(field.getName(), type.get(defaults, field.getName()));
        return values;
    }
}
