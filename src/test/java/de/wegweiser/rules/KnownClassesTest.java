package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.wegweiser.domain.Contact;
import org.junit.jupiter.api.Test;

/** The rule compiler's class loader: the application's classes themselves, and a missing name stays missing. */
class KnownClassesTest {

    private final KnownClasses classes = new KnownClasses(KnownClassesTest.class.getClassLoader());

    @Test
    void a_fact_type_is_the_applications_own_class_so_rules_match_the_facts_the_service_inserts() throws Exception {
        assertSame(Contact.class, classes.loadClass(Contact.class.getName()));
        assertSame(Contact.class, Class.forName(Contact.class.getName(), false, classes));
        assertNotNull(classes.getResource("de/wegweiser/domain/Contact.class"));
    }

    @Test
    void a_missing_class_or_resource_is_missing_every_time_it_is_asked_for() {
        for (int i = 0; i < 2; i++) {
            assertThrows(ClassNotFoundException.class, () -> classes.loadClass("wegweiser.rules.Contact"));
            assertThrows(ClassNotFoundException.class, () -> Class.forName("java.lang.Contact", false, classes));
            assertNull(classes.getResource("wegweiser/rules/Contact.class"));
            assertNull(classes.getResourceAsStream("wegweiser/rules/Contact.class"));
        }
    }
}
