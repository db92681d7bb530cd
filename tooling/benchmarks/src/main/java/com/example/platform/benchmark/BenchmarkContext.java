package com.example.platform.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;

/**
 * What every load scenario measures with: the running platform, the report, wrk, the
 * registered users, and the ways of loading targets that the scenarios share.
 *
 * @param settings how long and how hard
 * @param platform the running platform
 * @param report where figures and notes go
 * @param work the benchmark's scratch directory
 * @param wrk the load generator
 * @param http a client for scrapes, with the platform's operator certificate
 * @param users the users whose tokens the requests carry
 */
record BenchmarkContext(BenchmarkSettings settings, LocalPlatform platform, Report report, Path work, Wrk wrk,
		HttpClient http, List<ApiSession> users) {

	static final String DIRECT = "direct";

	static final String NGINX = "nginx";

	static final String GATEWAY = "gateway";

	/**
	 * Enough for the paced rates at the latencies seen here (100 orders/s at 300 ms needs
	 * 30 at once); the rate is what is fixed, and idle connections cost nothing.
	 */
	static final int PACED_CONNECTIONS = 32;

	/**
	 * Loads each target in windows of the warm-up length until its throughput stops
	 * rising ({@link WarmUp}).
	 */
	void warmUp(Map<String, URI> targets, RequestFile requests) {
		targets.forEach((via, uri) -> {
			List<Double> throughputs = new ArrayList<>();
			while (!WarmUp.done(throughputs)) {
				throughputs
					.add(this.wrk.saturate(uri, requests.current(), this.settings.connections(), this.settings.warmUp())
						.throughput());
			}
			System.out.printf("  warm-up %-10s %s req/s%n", via,
					throughputs.stream().map((throughput) -> "%.0f".formatted(throughput)).toList());
			this.report.note("Warm-up of %s: %d windows of %d s, the last at %.0f req/s".formatted(via,
					throughputs.size(), this.settings.warmUp().toSeconds(), throughputs.getLast()));
		});
	}

	/**
	 * Runs every target once per round, starting each round with the next target, so
	 * drift (JIT, caches, the machine's other load) spreads evenly over the targets.
	 */
	Map<String, List<LoadResult>> interleaved(Map<String, URI> targets, BiFunction<String, URI, LoadResult> run) {
		List<String> order = new ArrayList<>(targets.keySet());
		Map<String, List<LoadResult>> results = new LinkedHashMap<>();
		order.forEach((via) -> results.put(via, new ArrayList<>()));
		for (int round = 0; round < this.settings.rounds(); round++) {
			for (String via : order) {
				LoadResult result = run.apply(via, targets.get(via));
				if (!result.clean()) {
					this.report.note("%s: %d socket errors and %d non-2xx answers in one run".formatted(via,
							result.socketErrors(), result.statusErrors()));
				}
				results.get(via).add(result);
			}
			Collections.rotate(order, -1);
		}
		return results;
	}

	void figures(String scenario, String via, List<LoadResult> results) {
		this.report.add(new Figure(scenario, via, "throughput", "req/s", spread(results, LoadResult::throughput)));
		this.report.add(new Figure(scenario, via, "p50", "ms", spread(results, LoadResult::p50Millis)));
		this.report.add(new Figure(scenario, via, "p99", "ms", spread(results, LoadResult::p99Millis)));
	}

	private static Spread spread(List<LoadResult> results, ToDoubleFunction<LoadResult> value) {
		return Spread.of(results.stream().map(value::applyAsDouble).toList());
	}

	static double median(List<LoadResult> results, ToDoubleFunction<LoadResult> value) {
		return spread(results, value).median();
	}

	/** User reads, with the users' tokens as of each run. */
	RequestFile reads() {
		return requests("reads", (user) -> "GET\t/api/users/" + user.userId() + "\t" + user.token());
	}

	/** Order placements, with the users' tokens as of each run. */
	RequestFile orders() {
		return requests("orders", (user) -> "POST\t/api/orders\t" + user.token() + "\t"
				+ "{\"userId\":\"%s\",\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":1}]}".formatted(user.userId()));
	}

	private RequestFile requests(String name, Function<ApiSession, String> line) {
		return new RequestFile(this.work.resolve(name + ".tsv"), () -> this.users.stream().map(line).toList());
	}

	void expectOk(URI base, String via) {
		ApiSession user = this.users.getFirst().at(base);
		int status = user.get("/api/users/" + user.userId()).status();
		if (status != 200) {
			throw new IllegalStateException("GET user via " + via + " answered " + status);
		}
	}

	// wrk has no client certificate: the scenarios that load an instance directly run on
	// the platform without mutual TLS (PlatformBenchmark).
	URI instance(String name) {
		return URI.create(this.platform.trust().scheme() + "://127.0.0.1:" + this.platform.portOf(name));
	}

	URI managementUri(String name) {
		return URI.create(this.platform.trust().scheme() + "://localhost:" + this.platform.managementPortOf(name));
	}

	/**
	 * The processes a cached read through the gateway passes, by part: the gateway and
	 * every user-service instance.
	 * @throws IllegalStateException if the gateway is gone (the benchmark told to stop,
	 * or a crash: see its log)
	 */
	Map<String, List<Long>> gatewayReadProcesses() {
		Map<String, List<Long>> parts = new LinkedHashMap<>();
		Map<String, Long> applications = this.platform.processIds();
		Long gateway = applications.get("gateway");
		if (gateway == null) {
			throw new IllegalStateException("The gateway is not running; measured nothing more");
		}
		parts.put("gateway", List.of(gateway));
		parts.put("user-service",
				applications.entrySet()
					.stream()
					.filter((application) -> application.getKey().startsWith("user-service"))
					.map(Map.Entry::getValue)
					.toList());
		return parts;
	}

	URI gateway() {
		return URI.create("http://127.0.0.1:" + this.platform.gatewayUri().getPort());
	}

	String get(URI uri) {
		try {
			return this.http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
