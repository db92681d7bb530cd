package com.example.platform.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.platform.infra.FileTrees;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformSettings;
import com.example.platform.local.Teardown;

/**
 * Startup figures: each application's JVM start to ready from its own log, the CPU it
 * took, and the same again with the JDK's AOT cache, trained first.
 */
final class Startup {

	/** The logs startup is read from: the first instance stands for each service. */
	private static final List<String> STARTUP_LOGS = List.of("discovery", "gateway", "user-service-1",
			"order-service-1");

	/**
	 * Restarted alone: a second instance stands for each service, so the first keeps
	 * serving; the registry last, as every client re-registers after it.
	 */
	private static final List<String> ALONE = List.of("user-service-2", "order-service-2", "gateway", "discovery");

	private Startup() {
	}

	/** Figures from each application's own log: JVM start to ready, plain JVM. */
	static void plain(LocalPlatform platform, Report report) throws IOException {
		startupSeconds(platform.logDirectory()).forEach((application, seconds) -> report
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
	 * {@code ./run-local}'s caches stay as they are. Then a third start on the trained
	 * caches, as every {@code ./run-local --aot-cache} after the first, timed whole, in
	 * which each application is restarted alone.
	 */
	static void withAotCache(Path repository, Path work, List<String> overrides, Map<String, Double> plain,
			Report report) throws IOException {
		Path caches = work.resolve("aot-cache");
		FileTrees.delete(caches);
		List<String> aotOverrides = new ArrayList<>(overrides);
		aotOverrides.addAll(List.of("--aot-cache", "--aot-cache-dir=" + caches));
		PlatformSettings settings = PlatformSettings.isolated(repository, work.resolve("platform-aot"),
				aotOverrides.toArray(String[]::new));
		System.out.println("Starting the platform again with the AOT cache, trained first...");
		LocalPlatform platform = LocalPlatform.start(settings);
		try (Teardown.Registration registration = Teardown.closeOnExit(platform)) {
			training(platform.aotTrainingTimes(), report);
			cpu(platform, "AOT cache", report);
			Map<String, Double> aot = startupSeconds(platform.logDirectory());
			aot.forEach((application, seconds) -> report.add(new Figure("startup to ready (AOT cache, all at once)",
					application, "startup", "s", Spread.single(seconds))));
			ratioTargets(plain, aot).forEach(report::add);
			aot.keySet()
				.stream()
				.filter((application) -> !platform.applicationsWithAotCache().contains(application))
				.forEach((application) -> report.note(application + " started without the AOT cache: see "
						+ platform.logDirectory().resolve(application + "-aot.log")));
		}
		System.out.println("Starting the platform a third time, on the trained caches...");
		Instant launched = Instant.now();
		LocalPlatform trained = LocalPlatform.start(PlatformSettings.isolated(repository,
				work.resolve("platform-aot-trained"), aotOverrides.toArray(String[]::new)));
		try (Teardown.Registration registration = Teardown.closeOnExit(trained)) {
			double seconds = Duration.between(launched, Instant.now()).toMillis() / 1000.0;
			if (trained.aotTrainingTimes().isEmpty()) {
				report.add(new Figure("whole platform, launch to every instance routable (AOT cache trained)", "-",
						"startup", "s", Spread.single(seconds)));
				report.add(new Target("whole platform up with the AOT caches", seconds, 40, false, " s"));
			}
			else {
				report.note("The start on trained caches had to train " + trained.aotTrainingTimes().keySet()
						+ " again (the earlier training failed, see its logs), so its " + seconds
						+ " s are no start on trained caches and are left out");
			}
			alone(trained, report);
		}
	}

	/**
	 * Each application restarted on its own into the running platform, one after the
	 * other, nothing else starting: its time to ready and the CPU it took.
	 */
	private static void alone(LocalPlatform platform, Report report) throws IOException {
		for (String instance : ALONE) {
			platform.stop(instance);
			platform.start(instance);
			String application = instance.replaceAll("-2$", "");
			double cpu = CpuTime.processSeconds(platform.processIds().get(instance));
			double seconds = StartupLog
				.processSeconds(Files.readString(platform.logDirectory().resolve(instance + ".log")))
				.orElseThrow(() -> new IllegalStateException(instance + " logged no startup"));
			report.add(new Figure("startup to ready (AOT cache, alone)", application, "startup", "s",
					Spread.single(seconds)));
			report.add(new Figure("CPU used to start (AOT cache, alone)", application, "startup", "s",
					Spread.single(cpu)));
			report.add(new Target(application + " ready alone with the AOT cache", seconds, 6, false, " s"));
		}
	}

	/**
	 * CPU seconds each application used from launch until the whole platform was up
	 * (ready, then idle while the rest started): started at once on two cores, they
	 * cannot all be ready sooner than the sum over two.
	 */
	static void cpu(LocalPlatform platform, String jvm, Report report) {
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
		// "all" is the whole training's time, the applications training side by side.
		times.forEach((application, took) -> report.add(new Figure("AOT cache training (extract, train, check)",
				application, "training", "s", Spread.single(took.toMillis() / 1000.0))));
	}

	/**
	 * Each application's startup with the AOT cache against the plain JVM, both in the
	 * start of the whole platform.
	 * @param plain seconds to ready without the cache, by application
	 * @param aot seconds to ready with it
	 * @return the targets
	 */
	static List<Target> ratioTargets(Map<String, Double> plain, Map<String, Double> aot) {
		List<Target> targets = new ArrayList<>();
		aot.forEach((application, seconds) -> {
			if (plain.containsKey(application)) {
				targets.add(new Target(application + " startup, AOT cache / plain JVM",
						seconds / plain.get(application), 0.6, false, ""));
			}
		});
		return targets;
	}

}
