package com.example.platform.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.platform.local.LocalPrometheus;
import org.opentest4j.TestAbortedException;

/**
 * Runs Prometheus' {@code promtool} (Prometheus 3 from scripts/install-prometheus, which
 * .ci/run runs).
 */
final class Promtool {

	private Promtool() {
	}

	record Result(int exitCode, String output) {

	}

	static Result run(Path directory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add("promtool");
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
			}
			return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			// Skipped loudly, not failed, so the rest of the suite still runs on a
			// machine without it.
			System.err.println("WARNING: promtool not found; the Prometheus rule tests are SKIPPED. "
					+ "Install it with: " + LocalPrometheus.INSTALL_HINT);
			throw new TestAbortedException(
					"promtool not installed (" + LocalPrometheus.INSTALL_HINT + "): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
