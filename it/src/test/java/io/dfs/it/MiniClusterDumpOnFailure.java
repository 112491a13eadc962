package io.dfs.it;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Attaches the state of a test class's {@link MiniCluster} ({@link MiniCluster#dump()}) to every
 * failure of a test or of a {@code @BeforeAll}/{@code @BeforeEach}/{@code @AfterEach}/{@code @AfterAll}
 * method, as a suppressed {@link ClusterStateReport}, so the report shows which servers were up,
 * paused or down, what meta saw and what each server logged last. It runs where the failure is
 * thrown, before any {@code @AfterEach} changes the cluster. Register it on the field the class
 * keeps its cluster in:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MiniClusterDumpOnFailure DUMP = new MiniClusterDumpOnFailure(() -> cluster);
 * }</pre>
 */
final class MiniClusterDumpOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  private final Supplier<MiniCluster> cluster;

  /** {@code cluster} gives the cluster at the time of a failure, or null if there is none (yet). */
  MiniClusterDumpOnFailure(Supplier<MiniCluster> cluster) {
    this.cluster = cluster;
  }

  /**
   * Adds the cluster's state to {@code failure}, headed with {@code what} failed. Nothing for an
   * aborted test (a failed assumption is no failure) or when there is no cluster.
   */
  void report(String what, Throwable failure) {
    MiniCluster c = cluster.get();
    if (c == null || failure instanceof TestAbortedException) {
      return;
    }
    String state;
    try {
      state = c.dump();
    } catch (RuntimeException e) {
      // The failure matters more than its report.
      state = "(cannot dump: " + e + ")";
    }
    failure.addSuppressed(new ClusterStateReport(what + " failed; the mini cluster then:", state));
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw reported("test", context, failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw reported("@BeforeAll", context, failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw reported("@BeforeEach", context, failure);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw reported("@AfterEach", context, failure);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw reported("@AfterAll", context, failure);
  }

  private Throwable reported(String phase, ExtensionContext context, Throwable failure) {
    String where = context.getRequiredTestClass().getSimpleName()
        + context.getTestMethod().map(m -> "." + context.getDisplayName()).orElse("");
    report(phase + " " + where, failure);
    return failure;
  }
}
