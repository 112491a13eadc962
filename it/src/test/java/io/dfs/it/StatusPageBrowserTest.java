package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The status page in a real browser (Debian's headless Chromium) against an in-process cluster of
 * three data nodes with 500 ms heartbeats: a non-admin is told the page is for administrators, an
 * admin signs in through the page's form and sees three live rows, a killed node's row turns dead
 * and its eviction appears among the events, and a refused token brings the form back. Screenshots
 * at laptop and phone widths go to {@code target/status-page/}.
 */
class StatusPageBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "status-page");
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path work;
  static MiniCluster cluster;
  private HeadlessChromium browser;

  @RegisterExtension
  static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);

  @BeforeAll
  static void start() throws Exception {
    HeadlessChromium.requireInstalled();
    cluster = MiniCluster.start(Files.createDirectories(work.resolve("cluster")), 3, null);
    cluster.addAdmin("pat", "pat-password");
    cluster.addUser("uma", "uma-password");
  }

  @AfterAll
  static void stop() {
    Closing.all(cluster);
  }

  @AfterEach
  void quitBrowser() {
    Closing.all(browser);
  }

  /** Loads the status page in {@code chromium}, which {@link #quitBrowser} quits after the test. */
  private WebDriver open(HeadlessChromium chromium) {
    browser = chromium;
    browser.driver().get(cluster.metaUrl() + "/");
    return browser.driver();
  }

  private void signIn(String user, String password) {
    WebDriver d = browser.driver();
    browser.waiting(PATIENCE).until(x -> d.findElement(By.id("login")).isDisplayed());
    d.findElement(By.id("username")).clear();
    d.findElement(By.id("username")).sendKeys(user);
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.id("login-submit")).click();
  }

  private List<WebElement> rows(String state) {
    return browser.driver().findElements(By.cssSelector("#node-rows tr[data-state='" + state + "']"));
  }

  private String stateOf(String nodeId) {
    for (WebElement row : browser.driver().findElements(By.cssSelector("#node-rows tr"))) {
      if (nodeId.equals(row.getDomAttribute("data-node"))) {
        return row.findElement(By.cssSelector("td.state")).getText();
      }
    }
    return "absent";
  }

  private String text(String id) {
    return browser.driver().findElement(By.id(id)).getText();
  }

  @Test
  void anAdminSignsInSeesTheNodesLiveAndWatchesAKilledOneTurnDead() {
    WebDriver d = open(HeadlessChromium.laptop(1280, 900));

    signIn("uma", "uma-password");
    browser.waiting(PATIENCE).until(x -> text("login-message").contains("not an administrator"));
    signIn("pat", "wrong");
    browser.waiting(PATIENCE).until(x -> text("login-message").contains("Wrong user name or password"));

    signIn("pat", "pat-password");
    browser.waiting(PATIENCE).until(x -> rows("live").size() == 3);
    for (int i = 1; i <= 3; i++) {
      assertEquals("live", stateOf(cluster.nodeId(i)));
    }
    assertEquals("3", text("live-nodes"));
    assertEquals("0", text("dead-nodes"));
    assertTrue(text("events").contains(cluster.nodeId(1) + " joined"), text("events"));
    browser.screenshot(SCREENSHOTS.resolve("laptop-live.png"));

    String victim = cluster.nodeId(2);
    cluster.kill(victim);
    browser.waiting(PATIENCE).until(x -> "dead".equals(stateOf(victim)));
    browser.waiting(PATIENCE).until(x -> !d.findElements(By.cssSelector("#events li[data-kind='node_evicted']")).isEmpty());
    WebElement eviction = d.findElement(By.cssSelector("#events li[data-kind='node_evicted']"));
    assertTrue(eviction.getText().contains("node " + victim + " is dead: no heartbeat for"), eviction.getText());
    assertEquals(2, rows("live").size());
    assertEquals("1", text("dead-nodes"));
    browser.screenshot(SCREENSHOTS.resolve("laptop-node-dead.png"));

    // A token meta no longer accepts sends the page back to its form, without a reload.
    browser.script("sessionStorage.setItem('dfs.status.token', 'not-a-token')");
    browser.waiting(PATIENCE).until(x -> text("login-message").contains("session has ended"));
    assertFalse(d.findElement(By.id("cluster")).isDisplayed());
  }

  @Test
  void onAPhoneThePageFitsTheScreenAndTheNodeTableScrollsSideways() {
    open(HeadlessChromium.phone(390, 844));
    signIn("pat", "pat-password");
    browser.waiting(PATIENCE).until(x -> rows("live").size() + rows("dead").size() == 3);

    assertEquals(390L, browser.script("return window.innerWidth"), "laid out at the phone's width");
    assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= window.innerWidth"),
        "nothing but the table is wider than the screen");
    assertEquals(Boolean.TRUE, browser.script(
        "const w = document.querySelector('.table-wrap'); return w.scrollWidth > w.clientWidth"),
        "the node table scrolls sideways inside its box");
    browser.screenshot(SCREENSHOTS.resolve("phone.png"));
  }
}
