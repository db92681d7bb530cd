package com.example.platform.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.platform.testsupport.OsPackages;

/**
 * Runs Prometheus 3's {@code promtool} (scripts/install-prometheus, run by
 * {@link OsPackages} when missing).
 */
final class Promtool {

	private Promtool() {
	}

	record Result(int exitCode, String output) {

	}

	static Result run(Path directory, String... arguments) {
		OsPackages.require("promtool");
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
			throw new UncheckedIOException("Cannot run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
