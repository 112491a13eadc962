package io.dfs.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code /usr/bin/chromium}, headless, driven through its {@code /usr/bin/chromedriver}.
 * Both paths are given to Selenium, so it never looks for or downloads a browser or driver of its
 * own. {@link #close()} quits the browser and stops the driver.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeOptions options) {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    this.driver = new ChromeDriver(service, options.setBinary(CHROMIUM.toFile())
        // Tests run as root in CI, where Chromium's sandbox cannot start; /dev/shm may be small there.
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--no-first-run", "--disable-extensions", "--lang=en-US"));
  }

  /** Fails with one line saying what to install when the browser or its driver is missing. */
  static void requireInstalled() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("the browser test needs Debian's chromium and its driver at " + CHROMIUM + " and "
          + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver");
    }
  }

  /** A desktop window of {@code width} × {@code height} CSS pixels. */
  static HeadlessChromium laptop(int width, int height) {
    requireInstalled();
    return new HeadlessChromium(new ChromeOptions().addArguments("--window-size=" + width + "," + height));
  }

  /**
   * A phone: Chromium's device emulation, so the page is laid out as a mobile browser lays it out
   * (a page without a viewport meta tag would be drawn 980 pixels wide and shrunk).
   */
  static HeadlessChromium phone(int width, int height) {
    requireInstalled();
    ChromeOptions options = new ChromeOptions();
    options.setExperimentalOption("mobileEmulation", Map.of(
        "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
    return new HeadlessChromium(options);
  }

  WebDriver driver() {
    return driver;
  }

  WebDriverWait waiting(Duration patience) {
    WebDriverWait wait = new WebDriverWait(driver, patience);
    wait.pollingEvery(Duration.ofMillis(200));
    // The page redraws itself every few seconds; an element found just before a redraw is gone after it.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Saves what the window shows as a PNG, making the folders it needs. */
  Path screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
