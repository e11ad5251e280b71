package io.attnrec.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes a PNG of every dashboard page of a running server (used by {@code
 * bench/dashboard-screenshots.sh}; not a test).
 *
 * <pre>
 * java -cp TEST_CLASSPATH io.attnrec.serve.DashboardScreenshots URL OUT_DIR PREFIX USER ITEM [QUERY...]
 * </pre>
 *
 * Writes {@code PREFIX-overview.png}, {@code -models}, {@code -users}, {@code -user}, {@code
 * -user-after-click} (after one click on the first recommendation, with its change marks),
 * {@code -playground} (the first hit of each QUERY added; ITEM when none is given), {@code -items}, {@code -item}.
 */
public final class DashboardScreenshots {

    private DashboardScreenshots() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: DashboardScreenshots URL OUT_DIR PREFIX USER ITEM [QUERY...]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        Path out = Files.createDirectories(Path.of(args[1]));
        String prefix = args[2];
        String user = args[3];
        String item = args[4];
        List<String> queries = args.length > 5 ? List.of(args).subList(5, args.length) : List.of(item);
        Path profile = Files.createTempDirectory("attnrec-shots-");
        WebDriver driver = DashboardBrowserTest.startBrowser(profile);
        try {
            Map<String, String> pages = new java.util.LinkedHashMap<>();
            pages.put("overview", "#/");
            pages.put("models", "#/models");
            pages.put("users", "#/users");
            pages.put("user", "#/users/" + user);
            for (Map.Entry<String, String> p : pages.entrySet()) {
                open(driver, base, p.getValue());
                if (p.getKey().equals("models")) {
                    // Show the report of the last model (a sequence model with a training curve).
                    List<org.openqa.selenium.WebElement> names = driver.findElements(By.cssSelector(".model-name"));
                    names.get(names.size() - 1).click();
                    Thread.sleep(1500);
                }
                capture(driver, out.resolve(prefix + "-" + p.getKey() + ".png"));
            }
            // Act as the user: click the first recommendation, wait for the list to change.
            JavascriptExecutor js = (JavascriptExecutor) driver;
            String version = (String) js.executeScript("return document.getElementById('rec-list').dataset.version");
            driver.findElement(By.cssSelector("#rec-list li .act-click")).click();
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(d -> !version.equals(
                            js.executeScript("return document.getElementById('rec-list').dataset.version")));
            capture(driver, out.resolve(prefix + "-user-after-click.png"));

            driver.get(base + "/#/playground");
            waitReady(driver);
            for (String q : queries) {
                driver.findElement(By.cssSelector(".item-search")).clear();
                driver.findElement(By.cssSelector(".item-search")).sendKeys(q);
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .until(d -> !d.findElements(By.cssSelector(".add-item")).isEmpty());
                int before = driver.findElements(By.cssSelector("#guest-history .chip"))
                        .size();
                driver.findElements(By.cssSelector(".add-item")).get(0).click();
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .until(d -> d.findElements(By.cssSelector("#guest-history .chip"))
                                        .size()
                                == before + 1);
                Thread.sleep(500);
            }
            capture(driver, out.resolve(prefix + "-playground.png"));

            shoot(driver, base, "#/items", out.resolve(prefix + "-items.png"));
            shoot(driver, base, "#/items/" + item, out.resolve(prefix + "-item.png"));
        } finally {
            driver.quit();
        }
    }

    private static void shoot(WebDriver driver, String base, String hash, Path file) throws Exception {
        open(driver, base, hash);
        capture(driver, file);
    }

    private static void open(WebDriver driver, String base, String hash) throws InterruptedException {
        driver.get(base + "/" + hash);
        waitReady(driver);
        Thread.sleep(1500); // let secondary requests (similar items, audience, compare) finish
    }

    private static void waitReady(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> "true".equals(d.findElement(By.id("view")).getAttribute("data-ready")));
    }

    /** The whole page, through the DevTools protocol (a window cannot grow past the screen). */
    private static void capture(WebDriver driver, Path file) throws Exception {
        long height = (Long)
                ((JavascriptExecutor) driver).executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        Map<String, Object> shot = ((ChromeDriver) driver)
                .executeCdpCommand(
                        "Page.captureScreenshot",
                        Map.of(
                                "format",
                                "png",
                                "captureBeyondViewport",
                                true,
                                "clip",
                                Map.of("x", 0, "y", 0, "width", 1400, "height", Math.min(5000, height), "scale", 1)));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        System.out.println("wrote " + file);
    }
}
