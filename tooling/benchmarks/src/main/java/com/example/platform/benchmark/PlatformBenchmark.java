package com.example.platform.benchmark;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.local.PlatformSettings;
import com.example.platform.local.Repository;
import com.example.platform.local.Teardown;

/**
 * {@code ./benchmark}: starts the local platform and measures, in one run on this
 * machine, a cached user read directly against one instance, through nginx and through
 * the gateway ({@link CachedReads}); the same read on a cache miss ({@link CacheMisses});
 * order placement ({@link OrderPlacement}); the event latency from commit to the
 * consumer's effect ({@link EventLatency}); startup ({@link Startup}); memory; and what
 * mutual TLS between the applications costs the gateway's cached GET
 * ({@link MutualTlsCost}). The platform these run on has mutual TLS off
 * ({@code --mutual-tls=false}, for measurement only): wrk cannot present a client
 * certificate, and the direct, nginx and gateway figures stay comparable with earlier
 * results. Writes {@code tooling/benchmarks/results/results.md}, {@code results.json} and
 * {@code targets.svg}.
 */
public final class PlatformBenchmark {

	private PlatformBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings;
		try {
			settings = BenchmarkSettings.parse(Repository.root(), args);
		}
		catch (IllegalArgumentException ex) {
			// A mistyped option (or --help) is answered in a few lines, not a stack
			// trace.
			System.err.println(ex.getMessage() + System.lineSeparator() + BenchmarkSettings.usage());
			System.exit(2);
			return;
		}
		if (!Wrk.isInstalled() || !Nginx.isInstalled()) {
			System.err.println("The benchmark needs wrk and nginx: " + Wrk.INSTALL_HINT);
			System.exit(2);
		}
		Path work = settings.repository().resolve("tooling/benchmarks/target/run");
		Files.createDirectories(work);
		// Without the local run's Zipkin: the applications sample 10 % and export
		// nothing, as in the earlier results, and no Zipkin JVM shares the cores.
		List<String> withTls = List.of("--jvm-options=" + String.join(" ", settings.jvmOptions()), "--traces=false");
		List<String> overrides = new ArrayList<>(withTls);
		overrides.add("--mutual-tls=false");
		List<String> measured = new ArrayList<>(overrides);
		if (settings.aotCache()) {
			measured.addAll(List.of("--aot-cache", "--aot-cache-dir=" + work.resolve("aot-cache-measured")));
		}
		PlatformSettings platformSettings = PlatformSettings.isolated(settings.repository(), work.resolve("platform"),
				measured.toArray(String[]::new));
		MutualTlsCost tls = new MutualTlsCost();
		Report report = new Report(Environment.describe(settings.repository(), platformSettings.jvmOptions()));
		if (settings.aotCache()) {
			report.note("The measured platform ran on the applications' AOT caches (--aot-cache=true), trained at "
					+ "its start; the aot scenario's figures come from platforms of their own, as always");
		}
		Instant started = Instant.now();
		Path plainLogs;
		LocalPlatform platform = LocalPlatform.start(platformSettings);
		try (Teardown.Registration registration = Teardown.closeOnExit(platform)) {
			report.add(new Figure("whole platform, launch to every instance routable", "-", "startup", "s",
					Spread.single(Duration.between(started, Instant.now()).toMillis() / 1000.0)));
			Startup.cpu(platform, "plain JVM", report);
			plainLogs = platform.logDirectory();
			System.out.println("Registering " + settings.users() + " users...");
			List<ApiSession> users = register(new PlatformClient(platform), settings.users());
			measure(new BenchmarkContext(settings, platform, report, work, new Wrk(work), http(platform), users), tls);
		}
		try {
			if (settings.measures("tls")) {
				measureWithMutualTls(settings, work, withTls, report, tls);
			}
			if (settings.measures("aot")) {
				Startup.withAotCache(settings.repository(), work, overrides, Startup.startupSeconds(plainLogs), report);
			}
		}
		finally {
			// The documented duration ("about N minutes") is checked against this line.
			report.note("The whole run took " + Duration.between(started, Instant.now()).toMinutes() + " min.");
			// What was measured so far is worth keeping if the second platform fails.
			report.write(settings.results());
		}
		System.out.println("Results written to " + settings.results());
	}

	private static void measure(BenchmarkContext context, MutualTlsCost tls) throws Exception {
		BenchmarkSettings settings = context.settings();
		Startup.plain(context.platform(), context.report());
		if (settings.measures("reads")) {
			double directSaturation = new CachedReads(context).run();
			if (settings.measures("misses")) {
				new CacheMisses(context).run(directSaturation);
			}
		}
		// After the reads, whose warm-up it then needs little of; before orders and
		// events fill the database.
		if (settings.measures("tls")) {
			tls.measure(context, MutualTlsCost.PLAIN);
		}
		if (settings.measures("orders")) {
			new OrderPlacement(context).run();
		}
		if (settings.measures("events")) {
			new EventLatency(context).run();
		}
	}

	/**
	 * The same cached GET through the gateway on a second platform, mutual TLS on,
	 * started once the first is stopped so that the two never share the cores.
	 */
	private static void measureWithMutualTls(BenchmarkSettings settings, Path work, List<String> overrides,
			Report report, MutualTlsCost tls) throws Exception {
		LocalPlatform platform = LocalPlatform.start(PlatformSettings.isolated(settings.repository(),
				work.resolve("platform-tls"), overrides.toArray(String[]::new)));
		try (Teardown.Registration registration = Teardown.closeOnExit(platform)) {
			List<ApiSession> users = register(new PlatformClient(platform), settings.users());
			tls.measure(new BenchmarkContext(settings, platform, report, work, new Wrk(work), http(platform), users),
					MutualTlsCost.TLS);
		}
		tls.compare(report);
	}

	/**
	 * Scrapes management ports, which take the operator's certificate with mutual TLS.
	 */
	private static HttpClient http(LocalPlatform platform) {
		return HttpClient.newBuilder().sslContext(platform.sslContext()).build();
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

}
