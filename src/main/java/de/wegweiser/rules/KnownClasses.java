package de.wegweiser.rules;

import java.net.URL;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's class loader for the rule compiler, remembering the names it does not have.
 * Drools tries each name in a rule file against every import and package, and the Java compiler
 * behind it asks for every package and type it meets: most of those names do not exist, and each
 * miss searched every jar on the class path again, in every compile (about a third of the CPU time
 * of the fast test run went to such searches). The class path does not change while the service
 * runs, so a name missing once stays missing.
 */
final class KnownClasses extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** Beyond this many remembered misses (rule files could name ever new things) it starts over. */
    private static final int MAX_REMEMBERED = 50_000;

    private final Set<String> missingClasses = ConcurrentHashMap.newKeySet();
    private final Set<String> missingResources = ConcurrentHashMap.newKeySet();

    KnownClasses(ClassLoader parent) {
        super("wegweiser-rules", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (missingClasses.contains(name)) throw new ClassNotFoundException(name);
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            remember(missingClasses, name);
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        if (missingResources.contains(name)) return null;
        URL url = super.getResource(name);
        if (url == null) remember(missingResources, name);
        return url;
    }

    private static void remember(Set<String> missing, String name) {
        if (missing.size() >= MAX_REMEMBERED) missing.clear();
        missing.add(name);
    }
}
