package com.example.platform.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.platform.infra.FreePorts;
import com.example.platform.local.Teardown;

import static com.example.platform.benchmark.BenchmarkContext.DIRECT;
import static com.example.platform.benchmark.BenchmarkContext.GATEWAY;
import static com.example.platform.benchmark.BenchmarkContext.NGINX;
import static com.example.platform.benchmark.BenchmarkContext.PACED_CONNECTIONS;
import static com.example.platform.benchmark.BenchmarkContext.median;

/**
 * The cached GET three ways, directly against one instance, through nginx and through the
 * gateway: saturated throughput with the CPU each part uses, then latency at half of the
 * direct saturation.
 */
final class CachedReads {

	/** Long enough to span the services' periodic work (heartbeats every 2 s, sweeps). */
	private static final Duration IDLE_WINDOW = Duration.ofSeconds(6);

	private final BenchmarkContext context;

	CachedReads(BenchmarkContext context) {
		this.context = context;
	}

	/**
	 * Measures and reports.
	 * @return the direct saturation, requests per second
	 */
	double run() {
		BenchmarkContext context = this.context;
		RequestFile reads = context.reads();
		Nginx nginx = Nginx.start(context.work().resolve("nginx"), FreePorts.next(),
				List.of(context.platform().portOf("user-service-1"), context.platform().portOf("user-service-2")));
		try (Teardown.Registration registration = Teardown.closeOnExit(nginx)) {
			Map<String, URI> targets = new LinkedHashMap<>();
			targets.put(DIRECT, context.instance("user-service-1"));
			targets.put(NGINX, nginx.uri());
			targets.put(GATEWAY, context.gateway());
			targets.forEach((via, uri) -> context.expectOk(uri, via));
			String scenario = "GET user (cache hit), " + context.settings().connections() + " connections";
			context.warmUp(targets, reads);
			CpuTime cpu = new CpuTime(this::readPathProcesses);
			cpu.measureIdle(IDLE_WINDOW);
			Map<String, List<LoadResult>> saturated = context
				.interleaved(targets, (via, uri) -> cpu.measure(via, () -> context.wrk()
					.saturate(uri, reads.current(), context.settings().connections(), context.settings().duration())));
			saturated.forEach((via, results) -> context.figures(scenario, via, results));
			cpu.figures(scenario).forEach(context.report()::add);
			double direct = median(saturated.get(DIRECT), LoadResult::throughput);
			double rate = direct / 2;
			String paced = "GET user (cache hit), ~" + Math.round(rate) + " req/s (half of direct saturation)";
			Map<String, List<LoadResult>> latencies = context.interleaved(targets, (via, uri) -> context.wrk()
				.paced(uri, reads.current(), PACED_CONNECTIONS, rate, context.settings().duration()));
			latencies.forEach((via, results) -> context.figures(paced, via, results));
			context.report()
				.add(new Target("gateway / nginx throughput, cached GET",
						median(saturated.get(GATEWAY), LoadResult::throughput)
								/ median(saturated.get(NGINX), LoadResult::throughput),
						0.75, true, ""));
			context.report()
				.add(new Target("gateway p99 − nginx p99 at half of direct saturation",
						median(latencies.get(GATEWAY), LoadResult::p99Millis)
								- median(latencies.get(NGINX), LoadResult::p99Millis),
						5, false, " ms"));
			return direct;
		}
	}

	/** The processes a cached read may pass through, by part. */
	private Map<String, List<Long>> readPathProcesses() {
		Map<String, List<Long>> parts = new LinkedHashMap<>(this.context.gatewayReadProcesses());
		parts.put("nginx",
				ProcessHandle.current()
					.descendants()
					.filter((process) -> process.info().command().orElse("").endsWith("nginx"))
					.map(ProcessHandle::pid)
					.toList());
		return parts;
	}

}
