package com.example.platform.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.local.PlatformSettings;
import com.example.platform.local.Repository;

/**
 * {@code ./benchmark}: starts the local platform and measures, in one run on this
 * machine, a cached user read directly against one instance, through nginx and through
 * the gateway; the same read on a cache miss; order placement; the event latency from
 * commit to the consumer's effect; startup; and memory. Writes
 * {@code benchmarks/results/results.md}, {@code results.json} and {@code targets.svg}.
 */
public final class PlatformBenchmark {

	static final String DIRECT = "direct";

	static final String NGINX = "nginx";

	static final String GATEWAY = "gateway";

	/** The logs startup is read from: the first instance stands for each service. */
	private static final List<String> STARTUP_LOGS = List.of("discovery", "gateway", "user-service-1",
			"order-service-1");

	/**
	 * Enough for the paced rates at the latencies seen here (100 orders/s at 300 ms needs
	 * 30 at once); the rate is what is fixed, and idle connections cost nothing.
	 */
	private static final int PACED_CONNECTIONS = 32;

	/** Long enough to span the services' periodic work (heartbeats every 2 s, sweeps). */
	private static final Duration IDLE_WINDOW = Duration.ofSeconds(6);

	private final BenchmarkSettings settings;

	private final LocalPlatform platform;

	private final Report report;

	private final Path work;

	private final Wrk wrk;

	private final HttpClient http = HttpClient.newHttpClient();

	private List<ApiSession> users;

	private PlatformBenchmark(BenchmarkSettings settings, LocalPlatform platform, Report report, Path work) {
		this.settings = settings;
		this.platform = platform;
		this.report = report;
		this.work = work;
		this.wrk = new Wrk(work);
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.parse(Repository.root(), args);
		if (!Wrk.isInstalled() || !Nginx.isInstalled()) {
			System.err.println("The benchmark needs wrk and nginx: " + Wrk.INSTALL_HINT);
			System.exit(2);
		}
		Path work = settings.repository().resolve("benchmarks/target/run");
		Files.createDirectories(work);
		// Without the local run's Zipkin: the applications sample 10 % and export
		// nothing, as
		// in the earlier results, and no Zipkin JVM shares the cores.
		List<String> overrides = List.of("--jvm-options=" + String.join(" ", settings.jvmOptions()), "--traces=false");
		PlatformSettings platformSettings = PlatformSettings.isolated(settings.repository(), work.resolve("platform"),
				overrides.toArray(String[]::new));
		Report report = new Report(Environment.describe(settings.repository(), platformSettings.jvmOptions()));
		Instant started = Instant.now();
		Path plainLogs;
		try (LocalPlatform platform = LocalPlatform.start(platformSettings)) {
			report.add(new Figure("whole platform, launch to every instance routable", "-", "startup", "s",
					Spread.single(Duration.between(started, Instant.now()).toMillis() / 1000.0)));
			startupCpu(platform, "plain JVM", report);
			plainLogs = platform.logDirectory();
			new PlatformBenchmark(settings, platform, report, work).run();
		}
		try {
			if (settings.measures("aot")) {
				aotStartup(settings.repository(), work, overrides, startupSeconds(plainLogs), report);
			}
		}
		finally {
			// What was measured so far is worth keeping if the second platform fails.
			report.write(settings.results());
		}
		System.out.println("Results written to " + settings.results());
	}

	private void run() throws Exception {
		System.out.println("Registering " + this.settings.users() + " users...");
		this.users = register(new PlatformClient(this.platform), this.settings.users());
		startup();
		if (this.settings.measures("reads")) {
			double directSaturation = cachedReads();
			if (this.settings.measures("misses")) {
				cacheMisses(directSaturation);
			}
		}
		if (this.settings.measures("orders")) {
			orders();
		}
		if (this.settings.measures("events")) {
			eventLatency();
		}
	}

	/** Figures from each application's own log: JVM start to ready, plain JVM. */
	private void startup() throws IOException {
		startupSeconds(this.platform.logDirectory()).forEach((application, seconds) -> this.report
			.add(new Figure("startup to ready (plain JVM)", application, "startup", "s", Spread.single(seconds))));
	}

	/**
	 * Seconds from JVM start to ready, as Spring Boot logs them, by application.
	 * @param logDirectory a platform's logs
	 * @return the seconds of each application whose log has the figure
	 * @throws IOException if a log cannot be read
	 */
	static Map<String, Double> startupSeconds(Path logDirectory) throws IOException {
		Map<String, Double> seconds = new LinkedHashMap<>();
		for (String log : STARTUP_LOGS) {
			StartupLog.processSeconds(Files.readString(logDirectory.resolve(log + ".log")))
				.ifPresent((value) -> seconds.put(log.replaceAll("-1$", ""), value));
		}
		return seconds;
	}

	/**
	 * The platform started again with the JDK's AOT cache, after the first one is gone,
	 * so that neither start competes with the other for the cores. The caches are trained
	 * afresh in the benchmark's own directory: the training is measured too, and
	 * {@code ./run-local}'s caches stay as they are.
	 */
	private static void aotStartup(Path repository, Path work, List<String> overrides, Map<String, Double> plain,
			Report report) throws IOException {
		Path caches = work.resolve("aot-cache");
		deleteTree(caches);
		List<String> aotOverrides = new ArrayList<>(overrides);
		aotOverrides.addAll(List.of("--aot-cache", "--aot-cache-dir=" + caches));
		PlatformSettings settings = PlatformSettings.isolated(repository, work.resolve("platform-aot"),
				aotOverrides.toArray(String[]::new));
		System.out.println("Starting the platform again with the AOT cache, trained first...");
		try (LocalPlatform platform = LocalPlatform.start(settings)) {
			training(platform.aotTrainingTimes(), report);
			startupCpu(platform, "AOT cache", report);
			Map<String, Double> aot = startupSeconds(platform.logDirectory());
			aot.forEach((application, seconds) -> report
				.add(new Figure("startup to ready (AOT cache)", application, "startup", "s", Spread.single(seconds))));
			aotTargets(plain, aot).forEach(report::add);
			aot.keySet()
				.stream()
				.filter((application) -> !platform.applicationsWithAotCache().contains(application))
				.forEach((application) -> report.note(application + " started without the AOT cache: see "
						+ platform.logDirectory().resolve(application + "-aot.log")));
		}
	}

	/**
	 * CPU seconds each application used from launch until the whole platform was up
	 * (ready, then idle while the rest started): started at once on two cores, they
	 * cannot all be ready sooner than the sum over two.
	 */
	private static void startupCpu(LocalPlatform platform, String jvm, Report report) {
		Map<String, Long> processes = platform.processIds();
		double total = 0;
		for (String instance : STARTUP_LOGS) {
			double seconds = CpuTime.processSeconds(processes.get(instance));
			total += seconds;
			report.add(new Figure("CPU used to start (" + jvm + ")", instance.replaceAll("-1$", ""), "startup", "s",
					Spread.single(seconds)));
		}
		report.add(new Figure("CPU used to start (" + jvm + ")", "first instance of each", "startup", "s",
				Spread.single(total)));
	}

	private static void training(Map<String, Duration> times, Report report) {
		times.forEach((application, took) -> report.add(new Figure("AOT cache training (extract, train, check)",
				application, "training", "s", Spread.single(took.toMillis() / 1000.0))));
		report.add(new Figure("AOT cache training (extract, train, check)", "all", "training", "s",
				Spread.single(times.values().stream().mapToLong(Duration::toMillis).sum() / 1000.0)));
	}

	/**
	 * Each application's startup with the AOT cache, absolute and against the plain JVM.
	 * @param plain seconds to ready without the cache, by application
	 * @param aot seconds to ready with it
	 * @return the targets
	 */
	static List<Target> aotTargets(Map<String, Double> plain, Map<String, Double> aot) {
		List<Target> targets = new ArrayList<>();
		aot.forEach((application, seconds) -> {
			targets.add(new Target(application + " ready with the AOT cache", seconds, 6, false, " s"));
			if (plain.containsKey(application)) {
				targets.add(new Target(application + " startup, AOT cache / plain JVM",
						seconds / plain.get(application), 0.6, false, ""));
			}
		});
		return targets;
	}

	/**
	 * The cached GET three ways: saturated throughput, then latency at half of the direct
	 * saturation.
	 * @return the direct saturation, requests per second
	 */
	private double cachedReads() {
		Path reads = requests("reads", this::read);
		try (Nginx nginx = Nginx.start(this.work.resolve("nginx"), freePort(),
				List.of(this.platform.portOf("user-service-1"), this.platform.portOf("user-service-2")))) {
			Map<String, URI> targets = new LinkedHashMap<>();
			targets.put(DIRECT, instance("user-service-1"));
			targets.put(NGINX, nginx.uri());
			targets.put(GATEWAY, gateway());
			targets.forEach((via, uri) -> expectOk(uri, via));
			String scenario = "GET user (cache hit), " + this.settings.connections() + " connections";
			warmUp(targets, reads);
			CpuTime cpu = new CpuTime(this::readPathProcesses);
			cpu.measureIdle(IDLE_WINDOW);
			Map<String, List<LoadResult>> saturated = interleaved(targets, (via, uri) -> cpu.measure(via,
					() -> this.wrk.saturate(uri, reads, this.settings.connections(), this.settings.duration())));
			saturated.forEach((via, results) -> figures(scenario, via, results));
			cpu.figures(scenario).forEach(this.report::add);
			double direct = median(saturated.get(DIRECT), LoadResult::throughput);
			double rate = direct / 2;
			String paced = "GET user (cache hit), ~" + Math.round(rate) + " req/s (half of direct saturation)";
			Map<String, List<LoadResult>> latencies = interleaved(targets,
					(via, uri) -> this.wrk.paced(uri, reads, PACED_CONNECTIONS, rate, this.settings.duration()));
			latencies.forEach((via, results) -> figures(paced, via, results));
			this.report.add(new Target("gateway / nginx throughput, cached GET",
					median(saturated.get(GATEWAY), LoadResult::throughput)
							/ median(saturated.get(NGINX), LoadResult::throughput),
					0.75, true, ""));
			this.report.add(new Target("gateway p99 − nginx p99 at half of direct saturation",
					median(latencies.get(GATEWAY), LoadResult::p99Millis)
							- median(latencies.get(NGINX), LoadResult::p99Millis),
					5, false, " ms"));
			return direct;
		}
	}

	/**
	 * The same read from an extra instance whose user cache entries expire after a
	 * millisecond, so every read misses, loads from a replica and writes the entry back.
	 * Its own schema version gives it its own Redis keys: sharing the others' entries
	 * (ten minutes' lifetime) it would hit them.
	 */
	private void cacheMisses(double directSaturation) {
		String missing = this.platform.addInstance("user-service", Map.of("SPRING_APPLICATION_JSON",
				"{\"platform\":{\"cache\":{\"schema-version\":2,\"ttls\":{\"users\":\"1ms\"}}}}"));
		try {
			Path reads = requests("reads", this::read);
			Map<String, URI> targets = new LinkedHashMap<>();
			targets.put("cache hit", instance("user-service-1"));
			targets.put("cache miss", instance(missing));
			String scenario = "GET user direct, " + this.settings.connections() + " connections";
			warmUp(Map.of("cache miss", targets.get("cache miss")), reads);
			Map<String, List<LoadResult>> saturated = interleaved(targets,
					(via, uri) -> this.wrk.saturate(uri, reads, this.settings.connections(), this.settings.duration()));
			saturated.forEach((via, results) -> figures(scenario, via, results));
			double rate = Math.min(directSaturation, median(saturated.get("cache miss"), LoadResult::throughput)) / 2;
			String paced = "GET user direct, ~" + Math.round(rate) + " req/s (half of miss saturation)";
			Map<String, List<LoadResult>> latencies = interleaved(targets,
					(via, uri) -> this.wrk.paced(uri, reads, PACED_CONNECTIONS, rate, this.settings.duration()));
			latencies.forEach((via, results) -> figures(paced, via, results));
			this.report.add(new Target("cache-hit p50 / cache-miss p50",
					median(latencies.get("cache hit"), LoadResult::p50Millis)
							/ median(latencies.get("cache miss"), LoadResult::p50Millis),
					0.5, false, ""));
			CacheCounts counts = CacheCounts.scrape(this.http, managementUri(missing));
			this.report.note("The cache-miss instance answered %.0f of %.0f user cache reads from the database"
				.formatted(counts.misses(), counts.misses() + counts.hits()));
			if (!(counts.misses() >= 0.9 * (counts.misses() + counts.hits()))) {
				throw new IllegalStateException("The cache-miss instance mostly hit its cache: " + counts);
			}
		}
		finally {
			this.platform.stop(missing);
		}
	}

	/**
	 * Orders through the gateway, saturated; memory is sampled halfway through each run.
	 */
	private void orders() {
		Path orders = requests("orders", this::order);
		Map<String, URI> targets = Map.of(GATEWAY, gateway());
		warmUp(targets, orders);
		List<List<ProcessMemory.Sample>> memory = Collections.synchronizedList(new ArrayList<>());
		Map<String, List<LoadResult>> results = interleaved(targets, (via, uri) -> {
			Thread sampler = Thread.ofVirtual().start(() -> {
				Pause.sleep(this.settings.duration().dividedBy(2));
				memory.add(ProcessMemory.sample(this.platform.processIds(), this.work));
			});
			LoadResult result = this.wrk.saturate(uri, orders, this.settings.connections(), this.settings.duration());
			join(sampler);
			return result;
		});
		figures("POST order, " + this.settings.connections() + " connections", GATEWAY, results.get(GATEWAY));
		memory(memory);
	}

	private void memory(List<List<ProcessMemory.Sample>> samples) {
		List<ProcessMemory.Sample> largest = samples.stream()
			.max((a, b) -> Long.compare(total(a), total(b)))
			.orElseThrow();
		Map<String, List<ProcessMemory.Sample>> byName = largest.stream()
			.collect(Collectors.groupingBy(ProcessMemory.Sample::name, LinkedHashMap::new, Collectors.toList()));
		byName.forEach((name, processes) -> {
			this.report.add(new Figure(
					"memory under order load" + ((processes.size() > 1) ? " (" + processes.size() + " processes)" : ""),
					name, "RSS", "MiB",
					Spread.single(mebibytes(processes.stream().mapToLong(ProcessMemory.Sample::rssBytes).sum()))));
			this.report.add(new Figure("memory under order load", name, "PSS", "MiB",
					Spread.single(mebibytes(processes.stream().mapToLong(ProcessMemory.Sample::pssBytes).sum()))));
		});
		double totalGiB = total(largest) / (1024.0 * 1024 * 1024);
		this.report.add(new Figure("memory under order load", "whole platform", "PSS", "GiB", Spread.single(totalGiB)));
		this.report.add(new Target("whole local platform under load, PSS", totalGiB, 3, false, " GiB"));
	}

	/**
	 * Orders at a fixed rate; the latency from each event's {@code occurredAt} (written
	 * in the order's transaction) to user-service committing its effect, from
	 * user-service's {@code messaging_event_latency_seconds} histogram, and the relay's
	 * part of it (outbox row appended to Kafka's acknowledgement) from order-service's
	 * {@code messaging_outbox_publish_latency_seconds}, and the consumer's split of the
	 * end-to-end time into stages ({@code messaging_event_stage_seconds}).
	 */
	private void eventLatency() {
		Path orders = requests("orders", this::order);
		awaitConsumersIdle();
		// Not measured: the same load first, so the consumers and the relay run compiled
		// code and hold their connections (this scenario may run right after startup).
		placeAndAwaitEvents(orders, this.settings.warmUp());
		Placed measured = placeAndAwaitEvents(orders, this.settings.eventDuration());
		LatencyHistogram applied = measured.applied();
		LatencyHistogram published = measured.published();
		String scenario = "OrderPlaced commit → user-service effect, ~" + this.settings.orderRate() + " orders/s";
		this.report.add(
				new Figure(scenario, GATEWAY, "orders placed", "req/s", Spread.single(measured.placed().throughput())));
		this.report.add(new Figure(scenario, "kafka", "events applied", "events", Spread.single(applied.count())));
		this.report.add(new Figure(scenario, "kafka", "p50", "ms", Spread.single(applied.quantile(0.5) * 1000)));
		this.report.add(new Figure(scenario, "kafka", "p99", "ms", Spread.single(applied.quantile(0.99) * 1000)));
		this.report
			.add(new Figure(scenario, "outbox relay", "events published", "events", Spread.single(published.count())));
		this.report.add(new Figure(scenario, "outbox relay", "publish p50", "ms",
				Spread.single(published.quantile(0.5) * 1000)));
		this.report.add(new Figure(scenario, "outbox relay", "publish p99", "ms",
				Spread.single(published.quantile(0.99) * 1000)));
		measured.stages().forEach((stage, histogram) -> {
			this.report.add(new Figure(scenario, "stage: " + stage, "p50", "ms",
					Spread.single(histogram.quantile(0.5) * 1000)));
			this.report.add(new Figure(scenario, "stage: " + stage, "p99", "ms",
					Spread.single(histogram.quantile(0.99) * 1000)));
		});
		this.report.add(new Target("event end-to-end p99 at " + this.settings.orderRate() + " orders/s",
				applied.quantile(0.99) * 1000, 100, false, " ms"));
	}

	/**
	 * Waits until user-service's consumers have applied every event they had: saturated
	 * order runs before this scenario place orders faster than the consumers apply them,
	 * and a backlog left in the topic would be measured as latency of the fixed rate.
	 */
	private void awaitConsumersIdle() {
		Duration quiet = Duration.ofSeconds(5);
		Instant started = Instant.now();
		Instant deadline = started.plus(Duration.ofMinutes(10));
		double applied = applied(scrapeAll("user-service-")).count();
		Instant changed = Instant.now();
		while (Instant.now().isBefore(deadline) && Duration.between(changed, Instant.now()).compareTo(quiet) < 0) {
			Pause.briefly();
			double now = applied(scrapeAll("user-service-")).count();
			if (now != applied) {
				applied = now;
				changed = Instant.now();
			}
		}
		this.report.note("Before the event scenario, user-service's consumers took %d s to apply the events left"
			.formatted(Duration.between(started, changed).toSeconds()) + " by the runs before it");
	}

	/** Orders at the fixed rate, then their events' latencies once all are applied. */
	private Placed placeAndAwaitEvents(Path orders, Duration duration) {
		String consumedBefore = scrapeAll("user-service-");
		String publishedBefore = scrapeAll("order-service-");
		LoadResult placed = this.wrk.paced(gateway(), orders, PACED_CONNECTIONS, this.settings.orderRate(), duration);
		long accepted = placed.requests() - placed.statusErrors();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		LatencyHistogram appliedBefore = applied(consumedBefore);
		String consumed = scrapeAll("user-service-");
		LatencyHistogram applied = applied(consumed).since(appliedBefore);
		while (applied.count() < accepted && Instant.now().isBefore(deadline)) {
			Pause.briefly();
			consumed = scrapeAll("user-service-");
			applied = applied(consumed).since(appliedBefore);
		}
		Map<String, LatencyHistogram> stages = new LinkedHashMap<>();
		for (String stage : List.of("outbox", "kafka", "apply")) {
			stages.put(stage, stage(consumed, stage).since(stage(consumedBefore, stage)));
		}
		return new Placed(placed, applied, published(scrapeAll("order-service-")).since(published(publishedBefore)),
				stages);
	}

	private record Placed(LoadResult placed, LatencyHistogram applied, LatencyHistogram published,
			Map<String, LatencyHistogram> stages) {
	}

	private static LatencyHistogram applied(String scrapes) {
		return LatencyHistogram.parse(scrapes, "messaging_event_latency_seconds", "type=\"OrderPlaced\"");
	}

	private static LatencyHistogram published(String scrapes) {
		return LatencyHistogram.parse(scrapes, "messaging_outbox_publish_latency_seconds", "");
	}

	private static LatencyHistogram stage(String scrapes, String stage) {
		return LatencyHistogram.parse(scrapes, "messaging_event_stage_seconds", "stage=\"" + stage + "\"");
	}

	private String scrapeAll(String instancePrefix) {
		StringBuilder scrapes = new StringBuilder();
		this.platform.instanceNames()
			.stream()
			.filter((instance) -> instance.startsWith(instancePrefix) && this.platform.isHealthy(instance))
			.forEach((instance) -> scrapes.append(get(managementUri(instance).resolve("/actuator/prometheus"))));
		return scrapes.toString();
	}

	/**
	 * Loads each target in windows of the warm-up length until its throughput stops
	 * rising ({@link WarmUp}).
	 */
	private void warmUp(Map<String, URI> targets, Path requests) {
		targets.forEach((via, uri) -> {
			List<Double> throughputs = new ArrayList<>();
			while (!WarmUp.done(throughputs)) {
				throughputs.add(this.wrk.saturate(uri, requests, this.settings.connections(), this.settings.warmUp())
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
	private Map<String, List<LoadResult>> interleaved(Map<String, URI> targets,
			BiFunction<String, URI, LoadResult> run) {
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

	/** The processes a cached read may pass through, by part. */
	private Map<String, List<Long>> readPathProcesses() {
		Map<String, List<Long>> parts = new LinkedHashMap<>();
		Map<String, Long> applications = this.platform.processIds();
		parts.put("gateway", List.of(applications.get("gateway")));
		parts.put("user-service",
				applications.entrySet()
					.stream()
					.filter((application) -> application.getKey().startsWith("user-service"))
					.map(Map.Entry::getValue)
					.toList());
		parts.put("nginx",
				ProcessHandle.current()
					.descendants()
					.filter((process) -> process.info().command().orElse("").endsWith("nginx"))
					.map(ProcessHandle::pid)
					.toList());
		return parts;
	}

	private void figures(String scenario, String via, List<LoadResult> results) {
		this.report.add(new Figure(scenario, via, "throughput", "req/s", spread(results, LoadResult::throughput)));
		this.report.add(new Figure(scenario, via, "p50", "ms", spread(results, LoadResult::p50Millis)));
		this.report.add(new Figure(scenario, via, "p99", "ms", spread(results, LoadResult::p99Millis)));
	}

	private static Spread spread(List<LoadResult> results, ToDoubleFunction<LoadResult> value) {
		return Spread.of(results.stream().map(value::applyAsDouble).toList());
	}

	private static double median(List<LoadResult> results, ToDoubleFunction<LoadResult> value) {
		return spread(results, value).median();
	}

	private String read(ApiSession user) {
		return "GET\t/api/users/" + user.userId() + "\t" + user.token();
	}

	private String order(ApiSession user) {
		return "POST\t/api/orders\t" + user.token() + "\t"
				+ "{\"userId\":\"%s\",\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":1,\"unitPrice\":9.99}]}"
					.formatted(user.userId());
	}

	/** A request file with the users' current tokens (they expire after 15 minutes). */
	private Path requests(String name, Function<ApiSession, String> line) {
		try {
			return Files.write(this.work.resolve(name + ".tsv"), this.users.stream().map(line).toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void expectOk(URI base, String via) {
		ApiSession user = this.users.getFirst().at(base);
		int status = user.get("/api/users/" + user.userId()).status();
		if (status != 200) {
			throw new IllegalStateException("GET user via " + via + " answered " + status);
		}
	}

	private static List<ApiSession> register(PlatformClient client, int count) throws Exception {
		try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
			List<Future<ApiSession>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(executor.submit(() -> client.register("benchmark")));
			}
			List<ApiSession> sessions = new ArrayList<>();
			for (Future<ApiSession> future : futures) {
				sessions.add(future.get());
			}
			return sessions;
		}
	}

	private URI instance(String name) {
		return URI.create("http://127.0.0.1:" + this.platform.portOf(name));
	}

	private URI managementUri(String name) {
		return URI.create("http://127.0.0.1:" + this.platform.managementPortOf(name));
	}

	private URI gateway() {
		return URI.create("http://127.0.0.1:" + this.platform.gatewayUri().getPort());
	}

	private String get(URI uri) {
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long total(List<ProcessMemory.Sample> samples) {
		return samples.stream().mapToLong(ProcessMemory.Sample::pssBytes).sum();
	}

	private static double mebibytes(long bytes) {
		return bytes / (1024.0 * 1024);
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (var paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
