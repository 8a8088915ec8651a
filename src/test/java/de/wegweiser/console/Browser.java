package de.wegweiser.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver; {@code .ci/run} installs them)
 * driven over WebDriver, with the page's console messages and screenshots at hand.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("WEGWEISER_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("WEGWEISER_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Ignored by git: the tests write a picture of every page here. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final String base;

    /** Skips (with the reason) where Chromium is not installed; CI installs it, so there it always runs. */
    static Browser open(String base) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium and its driver are not installed (apt-get install chromium chromium-driver; .ci/run does it)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), base);
    }

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void go(String path) {
        driver.get(base + path);
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.substring(base.length());
    }

    WebElement waitFor(By by) {
        return waitFor(by, Duration.ofSeconds(20));
    }

    /** For what takes the server long on a loaded machine, e.g. checking a change against every scenario. */
    WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until the page's script has replaced the loading note (or shown an error). */
    void waitUntilRendered() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("main .loading")).isEmpty() || d.findElement(By.id("error")).isDisplayed());
    }

    void login(String name, String token) {
        waitFor(By.id("name")).sendKeys(name);
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    /** The errors the page wrote to the browser's console since the last call (failed requests, script errors). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
