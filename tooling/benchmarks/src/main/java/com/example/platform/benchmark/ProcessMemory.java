package com.example.platform.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resident memory of the platform's processes, read from {@code /proc}: RSS, and PSS,
 * which splits shared pages (PostgreSQL's shared buffers, the JDK's shared archive) among
 * the processes that map them, so PSS adds up to what the platform really holds.
 */
final class ProcessMemory {

	/** The load generator and the reference proxy are not part of the platform. */
	private static final Set<String> NOT_PLATFORM = Set.of("wrk", "nginx", "sh");

	private static final Pattern KILOBYTES = Pattern.compile("(\\d+) kB");

	private ProcessMemory() {
	}

	/**
	 * One process's memory.
	 *
	 * @param name the application or program
	 * @param pid its process id
	 * @param rssBytes resident set size
	 * @param pssBytes proportional set size
	 */
	record Sample(String name, long pid, long rssBytes, long pssBytes) {

	}

	/**
	 * Samples the applications and every process whose command line names the platform's
	 * work directory (PostgreSQL, Redis), and this JVM, which runs the embedded Kafka
	 * broker.
	 * @param applications application process ids by name
	 * @param workDirectory the platform's work directory
	 * @return one sample per process still alive
	 */
	static List<Sample> sample(Map<String, Long> applications, Path workDirectory) {
		List<Sample> samples = new ArrayList<>();
		processes(applications, workDirectory).forEach((pid, name) -> read(pid, name).ifPresent(samples::add));
		return samples;
	}

	/**
	 * The platform's processes, as {@link #sample} finds them, without reading their
	 * memory.
	 * @param applications application process ids by name
	 * @param workDirectory the platform's work directory
	 * @return each process's name by its id
	 */
	static Map<Long, String> processes(Map<String, Long> applications, Path workDirectory) {
		Map<Long, String> names = new LinkedHashMap<>();
		applications.forEach((name, pid) -> names.put(pid, name));
		names.put(ProcessHandle.current().pid(), "benchmark JVM (embedded Kafka broker)");
		// PostgreSQL's and Redis's servers run from the work directory; their workers
		// are their children.
		ProcessHandle.allProcesses()
			.filter((process) -> process.info()
				.commandLine()
				.filter((line) -> line.contains(workDirectory.toString()))
				.isPresent())
			.flatMap((process) -> Stream.concat(Stream.of(process), process.descendants()))
			.forEach((process) -> names.putIfAbsent(process.pid(), program(process)));
		ProcessHandle.current().descendants().forEach((process) -> names.putIfAbsent(process.pid(), program(process)));
		names.values().removeIf(NOT_PLATFORM::contains);
		return names;
	}

	private static String program(ProcessHandle process) {
		String command = process.info().command().orElse("?");
		return command.substring(command.lastIndexOf('/') + 1);
	}

	private static Optional<Sample> read(long pid, String name) {
		Path proc = Path.of("/proc", String.valueOf(pid));
		try {
			OptionalLong rss = field(proc.resolve("status"), "VmRSS:");
			OptionalLong pss = field(proc.resolve("smaps_rollup"), "Pss:");
			if (rss.isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(new Sample(name, pid, rss.getAsLong(), pss.orElse(rss.getAsLong())));
		}
		catch (IOException ex) {
			// Exited meanwhile.
			return Optional.empty();
		}
	}

	private static OptionalLong field(Path file, String name) throws IOException {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.filter((line) -> line.startsWith(name)).findFirst().map((line) -> {
				Matcher matcher = KILOBYTES.matcher(line);
				return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1)) * 1024) : OptionalLong.empty();
			}).orElse(OptionalLong.empty());
		}
	}

}
