package com.example.platform.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static com.example.platform.benchmark.BenchmarkContext.GATEWAY;
import static com.example.platform.benchmark.BenchmarkContext.PACED_CONNECTIONS;

/**
 * Orders at a fixed rate; the latency from each event's {@code occurredAt} (written in
 * the order's transaction) to user-service committing its effect, from user-service's
 * {@code messaging_event_latency_seconds} histogram, and the relay's part of it (outbox
 * row appended to Kafka's acknowledgement) from order-service's
 * {@code messaging_outbox_publish_latency_seconds}, and the consumer's split of the
 * end-to-end time into stages ({@code messaging_event_stage_seconds}); and each part's
 * CPU per order placed, the event's consumer included.
 */
final class EventLatency {

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(6);

	private final BenchmarkContext context;

	EventLatency(BenchmarkContext context) {
		this.context = context;
	}

	void run() {
		BenchmarkSettings settings = this.context.settings();
		Report report = this.context.report();
		RequestFile orders = this.context.orders();
		awaitConsumersIdle();
		// Not measured: the same load first, so the consumers and the relay run compiled
		// code and hold their connections (this scenario may run right after startup).
		placeAndAwaitEvents(orders, settings.warmUp(), Supplier::get);
		CpuTime cpu = new CpuTime(this::orderPathProcesses);
		cpu.measureIdle(IDLE_WINDOW);
		Placed measured = placeAndAwaitEvents(orders, settings.eventDuration(), (load) -> cpu.measure(GATEWAY, load));
		LatencyHistogram applied = measured.applied();
		LatencyHistogram published = measured.published();
		String scenario = "OrderPlaced commit → user-service effect, ~" + settings.orderRate() + " orders/s";
		report.add(
				new Figure(scenario, GATEWAY, "orders placed", "req/s", Spread.single(measured.placed().throughput())));
		report.add(new Figure(scenario, "kafka", "events applied", "events", Spread.single(applied.count())));
		report.add(new Figure(scenario, "kafka", "p50", "ms", Spread.single(applied.quantile(0.5) * 1000)));
		report.add(new Figure(scenario, "kafka", "p99", "ms", Spread.single(applied.quantile(0.99) * 1000)));
		report
			.add(new Figure(scenario, "outbox relay", "events published", "events", Spread.single(published.count())));
		report.add(new Figure(scenario, "outbox relay", "publish p50", "ms",
				Spread.single(published.quantile(0.5) * 1000)));
		report.add(new Figure(scenario, "outbox relay", "publish p99", "ms",
				Spread.single(published.quantile(0.99) * 1000)));
		measured.stages().forEach((stage, histogram) -> {
			report.add(new Figure(scenario, "stage: " + stage, "p50", "ms",
					Spread.single(histogram.quantile(0.5) * 1000)));
			report.add(new Figure(scenario, "stage: " + stage, "p99", "ms",
					Spread.single(histogram.quantile(0.99) * 1000)));
		});
		// Where an order's CPU goes on the way and in its event's consumer, per order
		// placed.
		cpu.figures(scenario).forEach(report::add);
		report.add(new Target("event end-to-end p99 at " + settings.orderRate() + " orders/s",
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
		this.context.report()
			.note("Before the event scenario, user-service's consumers took %d s to apply the events left"
				.formatted(Duration.between(started, changed).toSeconds()) + " by the runs before it");
	}

	/**
	 * Orders at the fixed rate, then their events' latencies once all are applied.
	 * @param run runs the placement, e.g. measuring its CPU per order
	 */
	private Placed placeAndAwaitEvents(RequestFile orders, Duration duration,
			Function<Supplier<LoadResult>, LoadResult> run) {
		String consumedBefore = scrapeAll("user-service-");
		String publishedBefore = scrapeAll("order-service-");
		LoadResult placed = run.apply(() -> this.context.wrk()
			.paced(this.context.gateway(), orders.current(), PACED_CONNECTIONS, this.context.settings().orderRate(),
					duration));
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

	/**
	 * Every process an order passes through, by part: the applications, PostgreSQL, and
	 * this JVM, which runs the Kafka broker.
	 */
	private Map<String, List<Long>> orderPathProcesses() {
		Map<String, List<Long>> parts = new LinkedHashMap<>();
		ProcessMemory.processes(this.context.platform().processIds(), this.context.work())
			.forEach((pid, name) -> parts.computeIfAbsent(name.replaceAll("-\\d+$", ""), (key) -> new ArrayList<>())
				.add(pid));
		return parts;
	}

	private String scrapeAll(String instancePrefix) {
		StringBuilder scrapes = new StringBuilder();
		this.context.platform()
			.instanceNames()
			.stream()
			.filter((instance) -> instance.startsWith(instancePrefix) && this.context.platform().isHealthy(instance))
			.forEach((instance) -> scrapes
				.append(this.context.get(this.context.managementUri(instance).resolve("/actuator/prometheus"))));
		return scrapes.toString();
	}

}
