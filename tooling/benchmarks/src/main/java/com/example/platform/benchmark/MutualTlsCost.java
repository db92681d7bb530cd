package com.example.platform.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.example.platform.benchmark.BenchmarkContext.median;

/**
 * What mutual TLS between the applications costs (issue 18, item 8): the cached GET
 * through the gateway, measured alike on two platforms of one run, the one the other
 * scenarios load (plain HTTP behind the gateway, so that wrk can load an instance and
 * nginx can proxy to it directly) and one with mutual TLS between every application:
 * saturated throughput, and the CPU the gateway and user-service spend per request. wrk
 * speaks plain HTTP to the gateway's public port in both; only the hops behind it differ.
 * <p>
 * The gateway keeps its pooled connections to the services alive (max-idle-time 30 s), so
 * a TLS handshake is paid per connection, not per request: the report notes how many
 * connections the pool held after the runs. The services' Tomcat closes a connection
 * after 100 requests (its default {@code max-keep-alive-requests}), so on both platforms
 * the gateway opens a new one about every 100 requests per connection: with mutual TLS,
 * that is one handshake per 100 requests.
 */
final class MutualTlsCost {

	static final String PLAIN = "plain HTTP behind the gateway";

	static final String TLS = "mutual TLS behind the gateway";

	/** Long enough to span the services' periodic work (heartbeats every 2 s, sweeps). */
	private static final Duration IDLE_WINDOW = Duration.ofSeconds(6);

	private static final Pattern POOLED = Pattern
		.compile("^reactor_netty_connection_provider_total_connections\\{[^}]*} ([0-9.eE+-]+)", Pattern.MULTILINE);

	private final Map<String, Double> throughputs = new LinkedHashMap<>();

	/**
	 * Loads the gateway's cached GET of one platform and reports it under {@code via}.
	 * @param context the platform and its users
	 * @param via {@link #PLAIN} or {@link #TLS}
	 */
	void measure(BenchmarkContext context, String via) {
		RequestFile reads = context.reads();
		URI gateway = context.gateway();
		context.expectOk(gateway, via);
		String scenario = scenario(context.settings());
		context.warmUp(Map.of(via, gateway), reads);
		CpuTime cpu = new CpuTime(context::gatewayReadProcesses);
		cpu.measureIdle(IDLE_WINDOW);
		Map<String, List<LoadResult>> saturated = context.interleaved(Map.of(via, gateway),
				(name, uri) -> cpu.measure(name, () -> context.wrk()
					.saturate(uri, reads.current(), context.settings().connections(), context.settings().duration())));
		context.figures(scenario, via, saturated.get(via));
		cpu.figures(scenario).forEach(context.report()::add);
		this.throughputs.put(via, median(saturated.get(via), LoadResult::throughput));
		double pooled = pooledConnections(
				context.get(context.platform().gatewayManagementUri().resolve("/actuator/prometheus")));
		context.report()
			.note("%s: the gateway held %.0f pooled connections to the services after %d saturated runs of %d s"
				.formatted(via, pooled, context.settings().rounds(), context.settings().duration().toSeconds()));
	}

	/**
	 * Notes the throughput with mutual TLS as a share of the one without, once both were
	 * measured.
	 * @param report where the note goes
	 */
	void compare(Report report) {
		if (this.throughputs.containsKey(PLAIN) && this.throughputs.containsKey(TLS)) {
			report.note(share(this.throughputs.get(PLAIN), this.throughputs.get(TLS)));
		}
	}

	static String scenario(BenchmarkSettings settings) {
		return "GET user (cache hit) through the gateway, " + settings.connections() + " connections";
	}

	static String share(double plain, double tls) {
		return "Mutual TLS behind the gateway: cached-GET throughput %.0f req/s against %.0f without, %.0f %%"
			.formatted(tls, plain, 100 * tls / plain);
	}

	/** Connections in the gateway's pools (every upstream), from its Prometheus page. */
	static double pooledConnections(String prometheusText) {
		double total = 0;
		Matcher matcher = POOLED.matcher(prometheusText);
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

}
