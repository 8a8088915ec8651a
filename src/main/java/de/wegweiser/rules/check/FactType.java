package de.wegweiser.rules.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A fact or enum type of the rule language with the members rules may use. A member is reachable
 * as a method ({@code isBefore(...)}) and, without arguments, as a property the way Drools reads
 * conditions: {@code role} for {@code role()}, {@code customer} for {@code isCustomer()}.
 *
 * @param javaClass null for a type a rule file declares itself (the settings)
 * @param constants the enum constants, empty for other types
 */
record FactType(String name, Class<?> javaClass, Map<String, List<Member>> members, List<String> constants) implements Type {

    @Override
    public String said() { return name; }

    /** A settings type a file declares: fields only. */
    static FactType declared(String name, Map<String, Type> fields) {
        FactType type = new FactType(name, null, new java.util.LinkedHashMap<>(), List.of());
        fields.forEach((field, kind) -> type.add(new Member(field, List.of(), List.of(), kind)));
        return type;
    }

    void add(Member member) {
        members.computeIfAbsent(member.name(), n -> new ArrayList<>()).add(member);
    }

    /** {@code name(args)} with this many arguments. */
    Optional<Member> method(String name, int arguments) {
        return members.getOrDefault(name, List.of()).stream().filter(m -> m.parameters().size() == arguments).findFirst();
    }

    /** {@code name} read as a property: {@code name()}, {@code isName()} or {@code getName()}. */
    Optional<Member> property(String name) {
        String capitalized = name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        return method(name, 0).or(() -> method("is" + capitalized, 0)).or(() -> method("get" + capitalized, 0));
    }

    /** The properties and methods, as a marketer would write them. */
    List<String> memberNames() {
        List<String> names = new ArrayList<>();
        members.forEach((name, overloads) -> {
            for (Member member : overloads) {
                names.add(member.parameters().isEmpty() ? propertyName(name) : name + "(...)");
            }
        });
        return names.stream().distinct().toList();
    }

    private static String propertyName(String method) {
        for (String prefix : List.of("is", "get")) {
            if (method.length() > prefix.length() && method.startsWith(prefix) && Character.isUpperCase(method.charAt(prefix.length()))) {
                return Character.toLowerCase(method.charAt(prefix.length())) + method.substring(prefix.length() + 1);
            }
        }
        return method;
    }
}
