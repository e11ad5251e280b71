package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
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
 * The dashboard in a real browser (headless Chromium through chromedriver, both Debian packages
 * that {@code .ci/run} installs) against a real server on {@link DashboardWorld}. Skipped, with a
 * message, where Chromium is not installed.
 */
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String XSS = "<img src=x onerror=alert(1)>";

    @TempDir
    static Path dir;

    static AttnrecServer server;
    static Http http;
    static WebDriver driver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing"
                        + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        server = new AttnrecServer(ServerConfig.builder()
                        .port(0)
                        .database("sqlite:" + dir.resolve("events.db"))
                        .models(DashboardWorld.modelsFolder(dir))
                        .build())
                .start();
        base = "http://127.0.0.1:" + server.port();
        http = new Http(server.port());
        // An item whose title is markup: it must show as text everywhere.
        Http.Resp put =
                http.send("PUT", "/v1/items/item7", "{\"title\": \"" + XSS + "\", \"categories\": [\"red\"]}", null);
        assertThat(put.status()).isEqualTo(200);
        driver = startBrowser(dir.resolve("chrome-profile"));
    }

    static WebDriver startBrowser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Opens a page and waits until its data is rendered. */
    static void open(String hash) {
        driver.get(base + "/" + hash);
        waitReady();
    }

    static void waitReady() {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> "true".equals(d.findElement(By.id("view")).getAttribute("data-ready")));
    }

    static List<String> severeConsoleEntries() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()
                    || e.getMessage().toLowerCase(Locale.ROOT).contains("content security policy")) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void everyPageLoadsWithoutConsoleErrors() {
        severeConsoleEntries(); // drop what earlier tests left

        open("#/");
        assertThat(text(".stats")).contains("40").contains("60").contains("cooc-a");
        assertThat(driver.findElements(By.cssSelector("svg.chart rect"))).isNotEmpty();

        open("#/models");
        assertThat(driver.findElements(By.cssSelector("#models-table tbody tr")))
                .hasSize(2);
        // cooc-a's report draws its training curve (two lines: loss and validation NDCG).
        assertThat(driver.findElements(By.cssSelector("#model-detail svg path")))
                .hasSize(2);
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("compare-out"), "ndcg@10"));

        open("#/users");
        assertThat(driver.findElements(By.cssSelector("#user-results tbody tr")))
                .hasSize(20);

        open("#/users/user1");
        assertThat(driver.findElements(By.cssSelector("#rec-list li"))).hasSize(10);
        assertThat(driver.findElements(By.cssSelector("#timeline .chip"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#interests .interest"))).isNotEmpty();
        // Heatmap: one row per recommendation, one column per history position named by a weight.
        assertThat(driver.findElements(By.cssSelector("table.heatmap tbody tr")))
                .hasSize(10);
        assertThat(driver.findElements(By.cssSelector("table.heatmap td.hm"))).isNotEmpty();
        // The other registered model's list beside the served one's.
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("#side-by-side ol.side li"))
                                .size()
                        == 20);

        open("#/playground");
        WebElement search = driver.findElement(By.cssSelector(".item-search"));
        search.sendKeys("Item 4 (");
        WebElement add = new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector(".add-item[data-item='item4']")));
        add.click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d ->
                        d.findElements(By.cssSelector("#guest-history .chip")).size() == 1
                                && !d.findElements(By.cssSelector("table.heatmap td.hm"))
                                        .isEmpty());
        assertThat(driver.findElements(By.cssSelector("#rec-list li"))).hasSize(10);

        open("#/items");
        assertThat(driver.findElements(By.cssSelector("#item-results tbody tr")))
                .hasSize(25);

        open("#/items/item1");
        assertThat(text("#item-title")).isEqualTo("Item 1 (red)");
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector("#similar li")).isEmpty());

        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    void actingAsAUserStoresTheEventAndUpdatesTheList() {
        open("#/users/user2");
        List<Double> millis = new ArrayList<>();
        List<Double> observed = new ArrayList<>();
        for (int click = 0; click < 20; click++) {
            String version = listAttribute("version");
            List<String> before = items();
            String clicked = before.get(click % 3);
            long t0 = System.nanoTime();
            driver.findElement(By.cssSelector("#rec-list li[data-item='" + clicked + "'] .act-click"))
                    .click();
            new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(2))
                    .until(d -> !version.equals(listAttribute("version")));
            observed.add((System.nanoTime() - t0) / 1e6);
            millis.add(Double.parseDouble(listAttribute("updateMs")));
            List<String> after = items();
            // The clicked item is now seen, so it leaves the list: the list changed.
            assertThat(after).doesNotContain(clicked).isNotEqualTo(before);
            if (click == 0) {
                // The event is stored through the API.
                Http.Resp events = http.get("/v1/users/user2/events");
                assertThat(events.at("/events/0/item").asText()).isEqualTo(clicked);
                assertThat(events.at("/events/0/type").asText()).isEqualTo("click");
                assertThat(text("#timeline")).contains("stored events");
                // Something is marked as new.
                assertThat(driver.findElements(By.cssSelector("#rec-list .mark.new")))
                        .isNotEmpty();
            }
        }
        assertThat(http.get("/v1/users/user2/events").at("/stored_events").asInt())
                .isEqualTo(20);
        System.out.printf(
                Locale.ROOT,
                "dashboard click -> updated list: median %.1f ms in the page (click handler to rendered list),"
                        + " %.1f ms seen by WebDriver, over 20 clicks%n",
                median(millis),
                median(observed));
        assertThat(median(millis)).isLessThan(1000);
    }

    /**
     * The recommended item ids, read in one script: the list is replaced on every update, so
     * element handles held across an update would go stale.
     */
    @SuppressWarnings("unchecked")
    static List<String> items() {
        return new ArrayList<>((List<String>) ((JavascriptExecutor) driver)
                .executeScript("return [...document.querySelectorAll('#rec-list li')].map(li => li.dataset.item)"));
    }

    static String listAttribute(String name) {
        return (String) ((JavascriptExecutor) driver)
                .executeScript(
                        "const l = document.getElementById('rec-list'); return l ? (l.dataset[arguments[0]] || '') : '';",
                        name);
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    @Test
    void anItemTitledWithMarkupShowsAsText() {
        open("#/items/item7");
        assertThat(text("#item-title")).isEqualTo(XSS);
        assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();

        open("#/items");
        driver.findElement(By.id("item-search")).sendKeys("onerror");
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d ->
                        d.findElements(By.cssSelector("#item-results tbody tr")).size() == 1);
        assertThat(text("#item-results tbody tr")).contains(XSS);
        assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
        // An onerror handler that ran would have opened an alert.
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat((Boolean)
                        ((JavascriptExecutor) driver).executeScript("return document.querySelector('img') === null"))
                .isTrue();
    }

    @Test
    void withKeysConfiguredTheDashboardAsksForOneAndSendsItAsAHeader() throws Exception {
        Path other = Files.createDirectories(dir.resolve("keyed"));
        String key = "secret-key-42";
        try (AttnrecServer keyed = new AttnrecServer(ServerConfig.builder()
                        .port(0)
                        .database("sqlite:" + other.resolve("events.db"))
                        .models(DashboardWorld.modelsFolder(other))
                        .apiKeys(Set.of(key))
                        .build())
                .start()) {
            driver.get("http://127.0.0.1:" + keyed.port() + "/#/users/user3");
            waitReady();
            WebElement panel = driver.findElement(By.id("key-panel"));
            assertThat(panel.isDisplayed()).isFalse();
            String first = items().get(0);
            driver.findElement(By.cssSelector("#rec-list li[data-item='" + first + "'] .act-click"))
                    .click();
            // The write is refused without a key: the key form appears.
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOf(panel));
            driver.findElement(By.id("key-input")).sendKeys(key);
            driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(d -> !items().contains(first) && !items().isEmpty());
            assertThat(panel.isDisplayed()).isFalse();
            Http.Resp events = new Http(keyed.port()).get("/v1/users/user3/events");
            assertThat(events.at("/events/0/item").asText()).isEqualTo(first);
            // Kept in this tab's sessionStorage, never in the address.
            assertThat(driver.getCurrentUrl()).doesNotContain(key);
            assertThat((String)
                            ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('attnrec.key')"))
                    .isEqualTo(key);
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        }
    }
}
