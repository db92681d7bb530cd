package com.example.platform.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs wrk (Debian's {@code wrk} package) with the benchmark's request script: closed
 * loop for throughput, or paced for latency at a chosen rate.
 * <p>
 * Debian has no wrk2 with its open-loop {@code -R}: pacing is {@code pacing.lua}, one
 * schedule of request slots shared by the connections ({@code delay()} waits for the next
 * slot, timed with the monotonic clock through LuaJIT's FFI). A fixed delay per
 * connection would offer {@code connections / (delay + latency)}, less to a slower
 * target, so two targets would be compared at different rates. A target too slow for the
 * rate with the connections given still falls short; the achieved rate is reported with
 * every latency figure.
 */
final class Wrk {

	static final String INSTALL_HINT = "apt-get install wrk nginx";

	private final Path directory;

	private final String script;

	private final String pacing;

	Wrk(Path directory) {
		this.directory = directory;
		this.script = resource("requests.lua");
		this.pacing = resource("pacing.lua");
	}

	private static String resource(String name) {
		try (InputStream in = Wrk.class.getResourceAsStream("/benchmark/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static boolean isInstalled() {
		return Commands.isInstalled("wrk");
	}

	/**
	 * As many requests as {@code connections} callers can send, each waiting for its
	 * answer.
	 * @param base scheme, host and port
	 * @param requests the request file
	 * @param connections concurrent connections
	 * @param duration how long
	 * @return the result
	 */
	LoadResult saturate(URI base, Path requests, int connections, Duration duration) {
		return run(base, requests, connections, duration, this.script);
	}

	/**
	 * About {@code rate} requests per second, spread over the connections.
	 * @param base scheme, host and port
	 * @param requests the request file
	 * @param connections concurrent connections
	 * @param rate requests per second wanted
	 * @param duration how long
	 * @return the result
	 */
	LoadResult paced(URI base, Path requests, int connections, double rate, Duration duration) {
		return run(base, requests, connections, duration,
				this.script + "\ninterval_ms = " + (1000 / rate) + "\n" + this.pacing);
	}

	private LoadResult run(URI base, Path requests, int connections, Duration duration, String script) {
		try {
			Path scriptFile = Files.writeString(Files.createTempFile(this.directory, "wrk-", ".lua"), script);
			List<String> command = List.of("wrk", "--threads", "1", "--connections", String.valueOf(connections),
					"--duration", duration.toSeconds() + "s", "--timeout", "10s", "--script", scriptFile.toString(),
					base.toString(), "--", requests.toString());
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("wrk failed: " + output);
			}
			Files.delete(scriptFile);
			return LoadResult.parse(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while wrk ran", ex);
		}
	}

}
