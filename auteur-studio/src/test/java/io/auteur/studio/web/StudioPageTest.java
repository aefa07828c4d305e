package io.auteur.studio.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web studio in a real headless Chromium against the real server: sign in, generate a clip with the bundled
 * model, watch the progress, play it, read its credentials, find it in the gallery, verify it on the public page,
 * and see the server's problem detail when the prompt has a word the model does not know.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class StudioPageTest {
    /** Debian's browser and driver (packages chromium, chromium-driver); system properties may point elsewhere. */
    private static final Path CHROMIUM = Path.of(System.getProperty("auteur.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("auteur.chromedriver", "/usr/bin/chromedriver"));
    private static final String PROMPT = "a red ball rolls left";

    @TempDir
    static Path temp;

    /** On a failure, what the browser showed: a screenshot and the page as it stood, under target/web-test. */
    @RegisterExtension
    static final TestWatcher EVIDENCE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) {
                return;
            }
            try {
                Path folder = Files.createDirectories(Path.of("target", "web-test"));
                String name = context.getRequiredTestMethod().getName();
                Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                Files.writeString(folder.resolve(name + ".html"), browser.getPageSource());
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    };

    private static StudioNode server;
    private static WebDriver browser;
    private static String generationId;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        requireDebianChromium();
        // Selenium Manager would otherwise try to download a driver: the Debian one is named explicitly below.
        System.setProperty("SE_OFFLINE", "true");
        server = StudioNode.start(temp);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aCreatorGeneratesAClipAndSeesItPlayWithItsCredentials() {
        open("#/studio");
        WebElement key = byId("api-key");
        waitUp(Duration.ofSeconds(10)).until(d -> key.isDisplayed());
        key.sendKeys("auteur_" + "x".repeat(43) + "\n");
        waitUp(Duration.ofSeconds(10)).until(d -> byId("signin-problem").isDisplayed());
        assertThat(byId("signin-problem").getDomAttribute("data-status")).isEqualTo("401");
        assertThat(byId("signin-problem").getText()).isNotBlank();
        clear(key);
        signIn();
        assertThat(byId("signin").isDisplayed()).isFalse();

        new Select(byId("mode")).selectByValue("text");
        byId("prompt").sendKeys(PROMPT);
        openAdvancedOptions();
        replace(byId("steps"), "2");
        replace(byId("upscale"), "none");
        byId("generate-button").click();

        // The bar moves: a progress event (running, step >= 1) or the end is seen, then the end.
        waitUp(Duration.ofSeconds(60)).until(d -> List.of("running", "succeeded", "failed").contains(progressState()));
        waitUp(Duration.ofSeconds(90)).until(d -> List.of("succeeded", "failed").contains(progressState()));
        assertThat(byId("generate-problem").isDisplayed()).as("problem: %s", byId("generate-problem").getText()).isFalse();
        assertThat(byId("progress-text").getText()).isEqualTo("Done");
        assertThat(Integer.parseInt(byId("progress-box").getDomAttribute("data-events")))
                .as("progress events received").isGreaterThanOrEqualTo(1);
        assertThat(byId("progress-box").getDomAttribute("data-steps")).isEqualTo("2");
        assertThat(js("return document.getElementById('progress').position")).isEqualTo(1L);

        WebElement video = byId("player-video");
        assertThat(video.isDisplayed()).isTrue();
        generationId = byId("player").getDomAttribute("data-id");
        assertThat(video.getDomProperty("src")).endsWith("/v1/generations/" + generationId + "/result");
        waitUp(Duration.ofSeconds(20)).until(d -> number(js("return arguments[0].readyState", video)) >= 2);
        Object played = ((JavascriptExecutor) browser).executeAsyncScript("""
                const video = arguments[0], done = arguments[arguments.length - 1];
                video.muted = true;
                video.loop = true;
                video.play().then(() => done('played'), (error) => done('play() failed: ' + error.message));
                """, video);
        assertThat(played).isEqualTo("played");
        waitUp(Duration.ofSeconds(10)).until(d -> number(js("return arguments[0].currentTime", video)) > 0);

        WebElement label = byId("ai-label");
        assertThat(label.isDisplayed()).isTrue();
        assertThat(label.getText()).isEqualTo("AI-generated");
        assertThat(onTopOf(label, video)).as("the AI label sits on the player").isTrue();

        waitUp(Duration.ofSeconds(30)).until(d -> "true".equals(byId("credentials").getDomAttribute("data-loaded")));
        assertThat(byId("cred-model").getText()).contains("worlds-tiny");
        assertThat(byId("cred-source-type").getText()).contains("trainedAlgorithmicMedia");
        assertThat(byId("cred-verdict").getDomAttribute("data-verdict")).isEqualTo("INTACT");
        assertThat(byId("cred-signer").getText()).isNotBlank().doesNotContain("no credentials");
        assertThat(byId("cred-actions").getText()).contains("c2pa.created");
        assertThat(byId("cred-watermark").getText()).startsWith("found");
        assertThat(byId("cred-when").getText()).isNotEqualTo("not recorded");
        shot("studio");
    }

    @Test
    @Order(2)
    void theClipIsInTheGalleryAndSearchFindsIt() {
        assertThat(generationId).as("the generation test ran first").isNotNull();
        byId("nav-gallery").click();
        By item = By.cssSelector("#gallery-list [data-testid='gallery-item'][data-id='" + generationId + "']");
        waitUp(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(item));
        assertThat(browser.findElement(item).getText()).contains(PROMPT);

        replace(byId("gallery-q"), "RED BALL");
        byId("gallery-search-button").click();
        waitUp(Duration.ofSeconds(15)).until(d -> byId("gallery-count").getText().contains("matching"));
        assertThat(browser.findElements(item)).hasSize(1);

        replace(byId("gallery-q"), "no such words here");
        byId("gallery-q").sendKeys("\n");
        waitUp(Duration.ofSeconds(15)).until(d -> byId("gallery-count").getText().startsWith("No generation matches"));
        assertThat(browser.findElements(item)).isEmpty();

        replace(byId("gallery-q"), "");
        byId("gallery-search-button").click();
        waitUp(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(item));
        browser.findElement(item).click();
        waitUp(Duration.ofSeconds(15)).until(d -> byId("studio").isDisplayed()
                && generationId.equals(byId("player").getDomAttribute("data-id")));
        assertThat(browser.getCurrentUrl()).endsWith("#/generations/" + generationId);
    }

    @Test
    @Order(3)
    void theVerifyPageReportsTheWatermarkAndValidCredentialsForADroppedOrChosenFileWithoutSigningIn() throws Exception {
        assertThat(generationId).as("the generation test ran first").isNotNull();
        // Dropped: the page fetches the clip with its session and drops it on the zone as a drag and drop would.
        byId("nav-verify").click();
        Object dropped = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then((r) => r.blob()).then((blob) => {
                  const transfer = new DataTransfer();
                  transfer.items.add(new File([blob], 'dropped.mp4', { type: 'video/mp4' }));
                  const zone = document.getElementById('drop-zone');
                  for (const type of ['dragenter', 'dragover', 'drop']) {
                    zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
                  }
                  done('dropped');
                }, (error) => done(String(error)));
                """, "/v1/generations/" + generationId + "/result");
        assertThat(dropped).isEqualTo("dropped");
        expectIntactReport("dropped.mp4");

        // Chosen with the file input, signed out: verifying is public.
        Path clip = server.download(generationId, temp.resolve("chosen.mp4"));
        byId("signout-button").click();
        waitUp(Duration.ofSeconds(10)).until(d -> "false".equals(js("return document.body.dataset.signedIn")));
        open("#/verify"); // a fresh page: the server must have ended the session, not just the page forgotten it
        assertThat(js("return document.body.dataset.signedIn")).isEqualTo("false");
        assertThat(byId("verify").isDisplayed()).isTrue();
        byId("verify-file").sendKeys(clip.toAbsolutePath().toString());
        expectIntactReport("chosen.mp4");
        shot("verify");
    }

    @Test
    @Order(4)
    void anUnknownWordInThePromptShowsTheServersProblemNextToTheForm() {
        open("#/studio");
        if (!"true".equals(js("return document.body.dataset.signedIn"))) {
            signIn();
        }
        clear(byId("prompt"));
        byId("prompt").sendKeys("a red zorblefrax rolls left");
        byId("generate-button").click();
        WebElement problem = byId("generate-problem");
        waitUp(Duration.ofSeconds(15)).until(d -> problem.isDisplayed());
        assertThat(problem.getDomAttribute("data-status")).isEqualTo("400");
        assertThat(byId("generate-problem-title").getText()).isNotBlank();
        assertThat(byId("generate-problem-detail").getText()).contains("zorblefrax");
        assertThat(byId("progress-box").isDisplayed()).isFalse();
        shot("problem");
        byId("nav-gallery").click();
        shot("gallery");
    }

    @Test
    @Order(5)
    void eachModeShowsOnlyTheInputsItNeeds() {
        open("#/studio");
        if (!"true".equals(js("return document.body.dataset.signedIn"))) {
            signIn();
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("text", List.of("seconds"));
        expected.put("still", List.of());
        expected.put("image", List.of("image", "seconds"));
        expected.put("interpolation", List.of("image", "last-image", "seconds"));
        expected.put("control", List.of("control-kind", "control", "seconds"));
        expected.put("video", List.of("video", "strength", "seconds"));
        expected.put("inpaint", List.of("source-kind-image", "source-kind-video", "image", "mask", "seconds"));
        expected.put("outpaint", List.of("source-kind-image", "source-kind-video", "image", "outpaint", "seconds"));
        expected.put("extend", List.of("extend", "seconds"));
        for (var mode : expected.entrySet()) {
            new Select(byId("mode")).selectByValue(mode.getKey());
            assertThat(visibleModeInputs()).as("inputs shown for mode %s", mode.getKey()).isEqualTo(mode.getValue());
        }
        // In- and out-painting take either an image or a video as the source.
        new Select(byId("mode")).selectByValue("inpaint");
        byId("source-kind-video").click();
        assertThat(visibleModeInputs()).containsExactly("source-kind-image", "source-kind-video", "video", "mask", "seconds");
        byId("source-kind-image").click();
        new Select(byId("mode")).selectByValue("text");
    }

    @Test
    @Order(6)
    void everyModeIsSubmittedWithTheInputsTheServerExpects() throws Exception {
        Path clip = temp.resolve("chosen.mp4");
        assertThat(clip).as("the verify test downloaded the clip").exists();
        Path image = picture(temp.resolve("frame.png"), false);
        Path mask = picture(temp.resolve("mask.png"), true);
        // A reloaded page recovers its session and CSRF token from GET /v1/session (signed in by an earlier test),
        // and every POST below is made with that recovered token.
        open("#/studio");
        assertThat(js("return document.body.dataset.signedIn")).as("session restored on reload").isEqualTo("true");
        replace(byId("prompt"), PROMPT);
        openAdvancedOptions();
        replace(byId("steps"), "1");
        replace(byId("upscale"), "none");
        // The page's mode -> the mode the server derives from the parts the page sent.
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("still", "text");
        expected.put("image", "image");
        expected.put("interpolation", "interpolation");
        expected.put("control", "control");
        expected.put("video", "video");
        expected.put("inpaint", "inpaint");
        expected.put("outpaint", "outpaint");
        expected.put("extend", "extend");
        for (var mode : expected.entrySet()) {
            new Select(byId("mode")).selectByValue(mode.getKey());
            switch (mode.getKey()) {
                case "image" -> byId("image").sendKeys(image.toString());
                case "interpolation" -> byId("last-image").sendKeys(image.toString());
                case "control" -> {
                    new Select(byId("control-kind")).selectByValue("edges");
                    byId("control").sendKeys(clip.toString());
                }
                case "video" -> {
                    byId("video").sendKeys(clip.toString());
                    replace(byId("strength"), "0.6");
                }
                case "inpaint" -> byId("mask").sendKeys(mask.toString());
                case "outpaint" -> {
                    byId("source-kind-video").click();
                    byId("video").sendKeys(clip.toString());
                }
                case "extend" -> {
                    byId("extend").sendKeys(clip.toString());
                    // The advanced options travel too: they show in the result's credentials below.
                    byId("visible-label").click();
                    new Select(byId("sampler")).selectByValue("heun");
                    replace(byId("seed"), "7");
                    replace(byId("negative"), "blue");
                }
                default -> { }
            }
            String before = String.valueOf(byId("progress-box").getDomAttribute("data-id"));
            byId("generate-button").click();
            waitUp(Duration.ofSeconds(15)).until(d -> byId("generate-problem").isDisplayed()
                    || !before.equals(String.valueOf(byId("progress-box").getDomAttribute("data-id"))));
            assertThat(byId("generate-problem").isDisplayed())
                    .as("mode %s: %s", mode.getKey(), byId("generate-problem").getText()).isFalse();
            assertThat(byId("progress-box").getDomAttribute("data-mode")).as("mode %s", mode.getKey())
                    .isEqualTo(mode.getValue());
        }
        // The last one (an extension) runs to the end like any other.
        waitUp(Duration.ofSeconds(90)).until(d -> List.of("succeeded", "failed").contains(progressState()));
        assertThat(byId("generate-problem").isDisplayed()).as("problem: %s", byId("generate-problem").getText()).isFalse();
        assertThat(byId("player-meta").getText()).contains("extend");
        waitUp(Duration.ofSeconds(30)).until(d -> "true".equals(byId("credentials").getDomAttribute("data-loaded")));
        assertThat(byId("cred-actions").getText()).contains("c2pa.edited").contains("Burned a visible label");

        // Every one of them ran (one worker, in order), and the still opens as an image with the label on it.
        byId("nav-gallery").click();
        By items = By.cssSelector("#gallery-list [data-testid='gallery-item']");
        waitUp(Duration.ofSeconds(15)).until(d -> d.findElements(items).size() == 1 + expected.size());
        assertThat(browser.findElements(items)).allSatisfy(item ->
                assertThat(item.getDomAttribute("data-status")).isEqualTo("succeeded"));
        assertThat(browser.findElements(items)).extracting(item -> item.getDomAttribute("data-mode"))
                .containsAll(expected.values());
        browser.findElement(By.cssSelector("#gallery-list [data-content-type='image/png']")).click();
        WebElement still = byId("player-image");
        waitUp(Duration.ofSeconds(15)).until(d -> still.isDisplayed()
                && number(js("return arguments[0].naturalWidth", still)) > 0);
        assertThat(byId("player-video").isDisplayed()).isFalse();
        assertThat(onTopOf(byId("ai-label"), still)).as("the AI label sits on the image").isTrue();
    }

    /** A 64x64 PNG: a mask (white square to regenerate on black) or a frame (a red disc on green). */
    private static Path picture(Path file, boolean mask) throws Exception {
        BufferedImage picture = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(mask ? Color.BLACK : new Color(40, 140, 60));
        g.fillRect(0, 0, 64, 64);
        g.setColor(mask ? Color.WHITE : Color.RED);
        if (mask) {
            g.fillRect(16, 16, 32, 32);
        } else {
            g.fillOval(20, 20, 24, 24);
        }
        g.dispose();
        ImageIO.write(picture, "png", file.toFile());
        return file.toAbsolutePath();
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleModeInputs() {
        return (List<String>) js("""
                return [...document.querySelectorAll('#generate-form .mode-input input, #generate-form .mode-input select')]
                    .filter((input) => input.offsetParent !== null && !input.disabled).map((input) => input.id);
                """);
    }

    private void expectIntactReport(String fileName) {
        waitUp(Duration.ofSeconds(60)).until(d -> byId("verify-report").isDisplayed()
                && fileName.equals(byId("verify-file-name").getText()) || byId("verify-problem").isDisplayed());
        assertThat(byId("verify-problem").isDisplayed()).as("problem: %s", byId("verify-problem").getText()).isFalse();
        assertThat(byId("verify-verdict").getDomAttribute("data-verdict")).isEqualTo("INTACT");
        assertThat(byId("verify-verdict").getText()).isEqualTo("Credentials intact");
        assertThat(byId("verify-watermark").getDomAttribute("data-found")).isEqualTo("true");
        assertThat(byId("verify-watermark").getText()).startsWith("found: payload");
        assertThat(byId("verify-credentials").getText()).contains("embedded in the file");
        assertThat(byId("verify-manifest").getText()).contains("worlds-tiny");
        assertThat(byId("verify-ai-label").getText()).contains("AI-generated (trainedAlgorithmicMedia)");
    }

    // ------------------------------------------------------------------ helpers

    private static void requireDebianChromium() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the web studio's browser test drives a real headless Chromium. Install the "
                        + "Debian packages: sudo apt-get install chromium chromium-driver");
            }
        }
    }

    private void open(String fragment) {
        browser.get(server.baseUri().resolve("/" + fragment).toString());
        waitUp(Duration.ofSeconds(15)).until(d -> "true".equals(js("return document.body.dataset.ready")));
    }

    private void signIn() {
        WebElement key = byId("api-key");
        waitUp(Duration.ofSeconds(10)).until(d -> key.isDisplayed());
        key.sendKeys(server.creatorKey() + "\n"); // Enter submits: the form works from the keyboard
        waitUp(Duration.ofSeconds(10)).until(d -> "true".equals(js("return document.body.dataset.signedIn")));
        assertThat(byId("session-who").getText()).contains("creator");
    }

    static void shot(String name) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "web-test"));
            Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private void openAdvancedOptions() {
        WebElement advanced = byId("advanced");
        if (advanced.getDomAttribute("open") == null) {
            advanced.findElement(By.tagName("summary")).click();
        }
    }

    private static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private static Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static double number(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private static void clear(WebElement input) {
        js("arguments[0].value = ''", input);
    }

    private static void replace(WebElement input, String text) {
        clear(input);
        input.sendKeys(text);
    }

    /** Whether the label's box lies inside the video's box and is the element drawn at the label's centre. */
    private static boolean onTopOf(WebElement label, WebElement video) {
        Object inside = js("""
                const l = arguments[0].getBoundingClientRect(), v = arguments[1].getBoundingClientRect();
                const top = document.elementFromPoint(l.left + l.width / 2, l.top + l.height / 2);
                return l.left >= v.left && l.right <= v.right && l.top >= v.top && l.bottom <= v.bottom
                    && l.width > 0 && (top === arguments[0] || arguments[0].contains(top));
                """, label, video);
        return Boolean.TRUE.equals(inside);
    }

    private static String progressState() {
        return String.valueOf(byId("progress-box").getDomAttribute("data-state"));
    }

    private static WebDriverWait waitUp(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
