package nl.kvksync.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.kvk.FeedRunCompleted;
import nl.kvksync.contracts.kvk.FeedSource;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalStore;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.review.support.ReviewStack;
import nl.kvksync.testsupport.spring.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web UI in Debian's headless Chromium, one browser session for the whole story: sign in with a dev token,
 * open Updates, accept one proposal and see it leave the list, bulk-accept ten by filter after the count preview,
 * define a profile and see its dry-run count, look at the weekly runs chart. Every step saves a screenshot under
 * {@code target/screenshots/}. Without /usr/bin/chromium and /usr/bin/chromedriver the suite is skipped loudly,
 * unless browser tests are required ({@code -Dkvk.browser-tests=required} or {@code KVK_BROWSER_TESTS=required},
 * as .ci/run sets it), where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT extends ReviewStack {

    static final Path CHROMIUM = Path.of(System.getProperty("kvk.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("kvk.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    ProposalStore store;

    WebDriver browser;
    WebDriverWait wait;
    Path profileDir;
    final String env = Fixtures.env("browser");
    final List<ProposalRaised> near = new ArrayList<>();
    final List<ProposalRaised> eindhoven = new ArrayList<>();

    @BeforeAll
    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String message = "BROWSER TESTS SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing "
                    + "(apt-get install -y chromium chromium-driver)";
            System.err.println("\n*** " + message + " ***\n");
            if ("required".equals(System.getProperty("kvk.browser-tests", System.getenv("KVK_BROWSER_TESTS")))) {
                Assertions.fail(message + " but browser tests are required (kvk.browser-tests / KVK_BROWSER_TESTS)");
            }
            Assumptions.abort(message);
        }
        seed();
        profileDir = Files.createTempDirectory("kvk-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--user-data-dir=" + profileDir, "--window-size=1400,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profileDir != null) {
            try (var files = Files.walk(profileDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Two Amsterdam updates (oldest first) and ten in Eindhoven, through the real topic. */
    private void seed() {
        publish(Topics.ENVIRONMENTS, env, EnvironmentChanged.newBuilder().setEventId("env-" + env)
                .setOccurredAt(Instant.now()).setEnvironmentId(env).setName("Browser BV").setBasicModule(true)
                .setAdvancedModule(true).setOrganisationTypes(List.of("customer", "prospect")).setVersion(1).build());
        Instant t = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 12; i++) {
            boolean amsterdam = i < 2;
            String key = String.format("0000%08d", 4000 + i);
            Registration before = Fixtures.registration(key, (amsterdam ? "Grachten " : "Lichtstad ") + i,
                    amsterdam ? "1034WL" : "5611AB", amsterdam ? "93122" : "4711");
            Registration after = Fixtures.registration(key, (amsterdam ? "Grachten " : "Lichtstad ") + i + " BV",
                    amsterdam ? "1034WL" : "5611AB", amsterdam ? "93122" : "4711");
            ProposalRaised p = Fixtures.update(env, key, "org-" + i, "feed-browser", before, after, t.plusSeconds(i));
            publish(Topics.PROPOSAL_RAISED, env + ":" + key, p);
            (amsterdam ? near : eindhoven).add(p);
        }
        publish(Topics.FEED_RUNS, "feed-browser", FeedRunCompleted.newBuilder().setEventId("run-browser")
                .setOccurredAt(Instant.now()).setFeedId("feed-browser").setSource(FeedSource.FILE)
                .setName("kvk-mutaties-2026-11-27.jsonl.gz").setStartedAt(Instant.now().minusSeconds(60))
                .setFinishedAt(Instant.now()).setRead(25_000).setPublished(24_100).setUnchanged(700).setRejected(200)
                .setPublishedByKind(Map.of("CHANGED", 21_000L, "NEW", 2_300L, "ENDED", 800L)).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(eindhoven.get(9).getProposalId()));
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String count(String kind) {
        return browser.findElement(By.cssSelector("[data-count='" + kind + "']")).getText();
    }

    @Test
    @Order(1)
    void signsInWithADevTokenAndOpensUpdates() throws IOException {
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        screenshot("01-sign-in");
        browser.findElement(By.id("token")).sendKeys(TestTokens.token("kvk-admin", env));
        browser.findElement(By.id("signin")).click();
        wait.until(d -> count("UPDATE").equals("12"));
        assertThat(browser.findElements(By.cssSelector("tr.row"))).hasSize(12);
        assertThat(browser.findElement(By.cssSelector("tr.row .name")).getText()).startsWith("Grachten 0 BV");
        screenshot("02-updates");
    }

    @Test
    @Order(2)
    void acceptsOneProposalAndSeesItLeaveTheList() throws IOException {
        String id = near.get(0).getProposalId();
        browser.findElement(By.cssSelector("tr[data-proposal-id='" + id + "'] button.accept")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-proposal-id='" + id + "']"), 0));
        wait.until(d -> count("UPDATE").equals("11"));
        assertThat(browser.findElement(By.id("banner")).getText()).contains("Accepted");
        assertThat(store.find(id).orElseThrow().summary().status()).isEqualTo(ProposalStatus.ACCEPTED);
        screenshot("03-accepted-one");
    }

    @Test
    @Order(3)
    void bulkAcceptsTenAfterTheCountPreview() throws IOException {
        browser.findElement(By.id("f-from")).sendKeys("5000");
        browser.findElement(By.id("f-to")).sendKeys("5999");
        browser.findElement(By.id("f-apply")).click();
        wait.until(d -> d.findElements(By.cssSelector("tr.row")).size() == 10);
        browser.findElement(By.id("bulk-open")).click();
        WebElement preview = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-preview-count")));
        assertThat(preview.getAttribute("data-count")).isEqualTo("10");
        screenshot("04-bulk-preview");
        browser.findElement(By.id("bulk-confirm")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-result")));
        assertThat(result.getAttribute("data-decided")).isEqualTo("10");
        wait.until(d -> count("UPDATE").equals("0"));
        browser.findElement(By.id("f-clear")).click();
        wait.until(d -> count("UPDATE").equals("1") && d.findElements(By.cssSelector("tr.row")).size() == 1);
        for (ProposalRaised p : eindhoven) {
            assertThat(store.find(p.getProposalId()).orElseThrow().summary().status())
                    .isEqualTo(ProposalStatus.ACCEPTED);
        }
        screenshot("05-bulk-accepted");
    }

    @Test
    @Order(4)
    void opensTheDiffOfTheLastProposal() throws IOException {
        browser.findElement(By.cssSelector("tr.row button.open")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.diff")));
        assertThat(browser.findElement(By.cssSelector("tr[data-field-row='tradeName'] td.kvk-new")).getText())
                .isEqualTo("Grachten 1 BV");
        screenshot("06-diff");
    }

    @Test
    @Order(5)
    void definesAProfileAndSeesItsDryRunCount() throws IOException {
        browser.findElement(By.cssSelector("[data-tab='import']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-name"))).sendKeys("Sport Eindhoven");
        browser.findElement(By.id("range-from-0")).sendKeys("5200");
        browser.findElement(By.id("range-to-0")).sendKeys("5500");
        browser.findElement(By.id("sbi-include")).sendKeys("93");
        browser.findElement(By.id("sbi-exclude")).sendKeys("9312");
        browser.findElement(By.id("dry-run")).click();
        WebElement selected = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dry-run-selected")));
        assertThat(selected.getAttribute("data-selected")).isEqualTo("1505");
        assertThat(browser.findElement(By.id("dry-run-band")).getText()).isEqualTo("within the band");
        screenshot("07-dry-run");
        browser.findElement(By.id("sbi-include")).clear();
        browser.findElement(By.id("sbi-include")).sendKeys("99999");
        browser.findElement(By.id("save-profile")).click();
        wait.until(d -> d.findElement(By.id("banner")).getText().contains("sbiInclude[0]"));
        assertThat(browser.findElement(By.id("sbi-include")).getAttribute("class")).contains("invalid");
        screenshot("08-profile-error");
    }

    @Test
    @Order(6)
    void showsTheWeeklyRunsChart() throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        browser.findElement(By.cssSelector("[data-tab='runs']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs-chart")));
        assertThat(browser.findElements(By.cssSelector("#runs-chart rect"))).hasSizeGreaterThanOrEqualTo(3);
        screenshot("09-weekly-runs");
    }
}
