package io.dfs.common.metrics;

import io.dfs.common.log.SocketTransport;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one server process: one Prometheus registry that its Vert.x instance reports into
 * (HTTP server requests and latencies by method, route template and status; TCP and UDP bytes;
 * worker pools; JVM memory, GC, threads, CPU, class loading) and that the server's own meters join.
 *
 * <p>Vert.x keeps metrics backends in a JVM-wide table keyed by registry name, so two servers in
 * one JVM (the in-process test cluster) with the default name would share one registry. Each
 * instance here therefore has a name of its own, and its registry is handed to Vert.x directly.
 */
public final class ServerMetrics {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final PrometheusMeterRegistry registry;
  private final String registryName;

  private ServerMetrics(String server) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.registryName = "dfs-" + server + "-" + INSTANCES.incrementAndGet();
    // Vert.x joins the templates of every route a request passed ("/v1/*>/v1/*>/v1/files/:ref"); the
    // last is the one that answered.
    registry.config().meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(),
        route -> route.substring(route.lastIndexOf('>') + 1)));
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** A fresh registry for the server named {@code server} ({@code auth}, {@code meta}, {@code datanode}). */
  public static ServerMetrics create(String server) {
    return new ServerMetrics(server);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * {@code base} with metrics on and reporting here, asking for the native transport
   * ({@link SocketTransport}). Labels stay bounded: HTTP requests carry the route template
   * ({@code /v1/files/:ref}), never the path with its ids, and no addresses. The event bus is left
   * out: meta's bus is internal plumbing.
   */
  public VertxOptions vertxOptions(VertxOptions base) {
    Set<Label> labels = EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
        Label.POOL_NAME);
    return SocketTransport.preferNative(new VertxOptions(base)).setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setLabels(labels)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS));
  }

  /** Hands this registry to Vert.x; use with {@link #vertxOptions}. */
  public VertxMetricsFactory vertxMetricsFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** A Vert.x instance reporting here, as {@code Vertx.vertx()} builds it otherwise. */
  public Vertx newVertx() {
    return Vertx.builder().with(vertxOptions(new VertxOptions())).withMetrics(vertxMetricsFactory()).build();
  }

  /** The registry in the Prometheus text format (0.0.4). Reads every meter: call it off the event loop. */
  public String scrape() {
    return registry.scrape();
  }
}
