package de.wegweiser.console;

import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** What a page's browser test starts with: the real service on the frozen rules and catalog, with the admin token set. */
abstract class ConsolePage {

    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        AppConfig config = TestApp.config(TestApp.RULES, TestApp.CATALOG).withAdminToken(TestApp.ADMIN_TOKEN);
        app = TestApp.start(config);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        app = null;
    }

    static String base() {
        return "http://127.0.0.1:" + app.app().port();
    }
}
