package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

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

  /** How many node rows are in {@code state}. */
  private long rows(String state) {
    return (Long) browser.script("return document.querySelectorAll('#node-rows tr[data-state=\"' + arguments[0] + '\"]').length",
        state);
  }

  /** Read in one step inside the page: it redraws the table on every refresh, which stales any element held. */
  private String stateOf(String nodeId) {
    return (String) browser.script("for (const r of document.querySelectorAll('#node-rows tr')) {"
        + " if (r.dataset.node === arguments[0]) return r.querySelector('td.state').textContent; }"
        + " return 'absent';", nodeId);
  }

  /** The text of the newest event of {@code kind}, or null; read in one step like {@link #stateOf}. */
  private String event(String kind) {
    return (String) browser.script("const e = document.querySelector('#events li[data-kind=\"' + arguments[0] + '\"]');"
        + " return e ? e.textContent : null;", kind);
  }

  private String text(String id) {
    return (String) browser.script("return document.getElementById(arguments[0]).textContent", id);
  }

  @Test
  void anAdminSignsInSeesTheNodesLiveAndWatchesAKilledOneTurnDead() {
    WebDriver d = open(HeadlessChromium.laptop(1280, 900));

    signIn("uma", "uma-password");
    browser.waiting(PATIENCE).until(x -> text("login-message").contains("not an administrator"));
    signIn("pat", "wrong");
    browser.waiting(PATIENCE).until(x -> text("login-message").contains("Wrong user name or password"));

    signIn("pat", "pat-password");
    browser.waiting(PATIENCE).until(x -> rows("live") == 3);
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
    String eviction = browser.waiting(PATIENCE).until(x -> event("node_evicted"));
    assertTrue(eviction.contains("node " + victim + " is dead: no heartbeat for"), eviction);
    assertEquals(2, rows("live"));
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
    browser.waiting(PATIENCE).until(x -> rows("live") + rows("dead") == 3);

    assertEquals(390L, browser.script("return window.innerWidth"), "laid out at the phone's width");
    assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= window.innerWidth"),
        "nothing but the table is wider than the screen");
    assertEquals(Boolean.TRUE, browser.script(
        "const w = document.querySelector('.table-wrap'); return w.scrollWidth > w.clientWidth"),
        "the node table scrolls sideways inside its box");
    browser.screenshot(SCREENSHOTS.resolve("phone.png"));
  }
}
