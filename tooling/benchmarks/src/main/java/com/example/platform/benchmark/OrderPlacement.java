package com.example.platform.benchmark;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.example.platform.benchmark.BenchmarkContext.GATEWAY;

/**
 * Orders through the gateway, saturated; memory is sampled halfway through each run.
 */
final class OrderPlacement {

	private final BenchmarkContext context;

	OrderPlacement(BenchmarkContext context) {
		this.context = context;
	}

	void run() {
		BenchmarkContext context = this.context;
		RequestFile orders = context.orders();
		Map<String, URI> targets = Map.of(GATEWAY, context.gateway());
		context.warmUp(targets, orders);
		List<List<ProcessMemory.Sample>> memory = Collections.synchronizedList(new ArrayList<>());
		Map<String, List<LoadResult>> results = context.interleaved(targets, (via, uri) -> {
			Thread sampler = Thread.ofVirtual().start(() -> {
				Pause.sleep(context.settings().duration().dividedBy(2));
				memory.add(ProcessMemory.sample(context.platform().processIds(), context.work()));
			});
			LoadResult result = context.wrk()
				.saturate(uri, orders.current(), context.settings().connections(), context.settings().duration());
			join(sampler);
			return result;
		});
		context.figures("POST order, " + context.settings().connections() + " connections", GATEWAY,
				results.get(GATEWAY));
		memory(memory);
	}

	private void memory(List<List<ProcessMemory.Sample>> samples) {
		Report report = this.context.report();
		List<ProcessMemory.Sample> largest = samples.stream()
			.max((a, b) -> Long.compare(total(a), total(b)))
			.orElseThrow();
		Map<String, List<ProcessMemory.Sample>> byName = largest.stream()
			.collect(Collectors.groupingBy(ProcessMemory.Sample::name, LinkedHashMap::new, Collectors.toList()));
		byName.forEach((name, processes) -> {
			report.add(new Figure(
					"memory under order load" + ((processes.size() > 1) ? " (" + processes.size() + " processes)" : ""),
					name, "RSS", "MiB",
					Spread.single(mebibytes(processes.stream().mapToLong(ProcessMemory.Sample::rssBytes).sum()))));
			report.add(new Figure("memory under order load", name, "PSS", "MiB",
					Spread.single(mebibytes(processes.stream().mapToLong(ProcessMemory.Sample::pssBytes).sum()))));
		});
		double totalGiB = total(largest) / (1024.0 * 1024 * 1024);
		report.add(new Figure("memory under order load", "whole platform", "PSS", "GiB", Spread.single(totalGiB)));
		report.add(new Target("whole local platform under load, PSS", totalGiB, 3, false, " GiB"));
	}

	private static long total(List<ProcessMemory.Sample> samples) {
		return samples.stream().mapToLong(ProcessMemory.Sample::pssBytes).sum();
	}

	private static double mebibytes(long bytes) {
		return bytes / (1024.0 * 1024);
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
