package com.example.platform.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time spent per request by each part of the path, read from {@code /proc}: where the
 * two cores go when a proxy is added. A sampling profiler sees only Java frames; this
 * counts everything a process does, kernel time for its sockets included.
 */
final class CpuTime {

	private static final String MACHINE = "whole machine";

	/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
	private static final double MILLIS_PER_TICK = 10;

	private final Supplier<Map<String, List<Long>>> processes;

	private final Map<String, Map<String, List<Double>>> millisPerRequest = new LinkedHashMap<>();

	private final Map<String, Double> idleTicksPerSecond = new LinkedHashMap<>();

	/**
	 * @param processes the process ids of each part, looked up before every run (an nginx
	 * is started per scenario)
	 */
	CpuTime(Supplier<Map<String, List<Long>>> processes) {
		this.processes = processes;
	}

	/**
	 * Measures what each part and the machine use without load.
	 * @param quiet how long to watch; nothing else should run meanwhile
	 */
	void measureIdle(Duration quiet) {
		Map<String, List<Long>> parts = this.processes.get();
		Map<String, Long> before = ticks(parts);
		long machineBefore = machineTicks();
		long started = System.nanoTime();
		Pause.sleep(quiet);
		double seconds = (System.nanoTime() - started) / 1e9;
		ticks(parts).forEach((part, ticks) -> this.idleTicksPerSecond.put(part, (ticks - before.get(part)) / seconds));
		this.idleTicksPerSecond.put(MACHINE, (machineTicks() - machineBefore) / seconds);
	}

	/**
	 * Runs the load and records each part's CPU milliseconds per completed request.
	 * @param via the path measured, e.g. {@code gateway}
	 * @param load the run
	 * @return its result
	 */
	LoadResult measure(String via, Supplier<LoadResult> load) {
		Map<String, List<Long>> parts = this.processes.get();
		Map<String, Long> before = ticks(parts);
		long machineBefore = machineTicks();
		LoadResult result = load.get();
		Map<String, Long> after = ticks(parts);
		long machine = machineTicks() - machineBefore;
		Map<String, List<Double>> perPart = this.millisPerRequest.computeIfAbsent(via, (key) -> new LinkedHashMap<>());
		after.forEach((part, ticks) -> perPart.computeIfAbsent(part, (key) -> new ArrayList<>())
			.add(perRequest(part, ticks - before.get(part), result)));
		perPart.computeIfAbsent(MACHINE, (key) -> new ArrayList<>()).add(perRequest(MACHINE, machine, result));
		return result;
	}

	/**
	 * What was measured, as report figures.
	 * @param scenario the scenario the runs belong to
	 * @return one figure per path and part
	 */
	List<Figure> figures(String scenario) {
		List<Figure> figures = new ArrayList<>();
		this.millisPerRequest.forEach((via, parts) -> parts.forEach((part, values) -> figures
			.add(new Figure(scenario, via, "CPU per request, " + part, "ms", Spread.of(values)))));
		return figures;
	}

	private double perRequest(String part, long ticks, LoadResult result) {
		return millisPerRequest(ticks, this.idleTicksPerSecond.getOrDefault(part, 0.0), result);
	}

	/** The ticks a run used less what idling would have used as long, per request. */
	static double millisPerRequest(long ticks, double idleTicksPerSecond, LoadResult result) {
		double busy = ticks - idleTicksPerSecond * result.seconds();
		return (result.requests() > 0) ? Math.max(0, busy) * MILLIS_PER_TICK / result.requests() : 0;
	}

	private static Map<String, Long> ticks(Map<String, List<Long>> parts) {
		Map<String, Long> ticks = new LinkedHashMap<>();
		parts.forEach((part, pids) -> ticks.put(part, processTicks(pids)));
		return ticks;
	}

	/**
	 * CPU seconds a process has used since it started.
	 * @param pid the process
	 * @return user and system time
	 */
	static double processSeconds(long pid) {
		return processTicks(List.of(pid)) * MILLIS_PER_TICK / 1000;
	}

	/** utime + stime of each process (fields 14 and 15 of /proc/pid/stat). */
	static long processTicks(Collection<Long> pids) {
		long total = 0;
		for (long pid : pids) {
			try {
				total += ticksOf(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
			}
			catch (IOException ex) {
				// Gone since it was looked up: it used nothing more.
			}
		}
		return total;
	}

	static long ticksOf(String stat) {
		// The command name (field 2) is in parentheses and may contain spaces.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** Busy time of every core: the first line of /proc/stat without idle and iowait. */
	static long machineTicks() {
		try {
			return busyTicks(Files.readAllLines(Path.of("/proc/stat")).getFirst());
		}
		catch (IOException ex) {
			return 0;
		}
	}

	static long busyTicks(String cpuLine) {
		String[] fields = cpuLine.trim().split("\\s+");
		long busy = 0;
		// user nice system idle iowait irq softirq steal: all but idle (4) and iowait
		// (5).
		for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
			if (i != 4 && i != 5) {
				busy += Long.parseLong(fields[i]);
			}
		}
		return busy;
	}

}
