package com.example.platform.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The external programs the benchmark uses. */
final class Commands {

	private Commands() {
	}

	static boolean isInstalled(String program) {
		return output(List.of("sh", "-c", "command -v " + program)).isPresent();
	}

	/**
	 * Runs a short command and returns what it printed when it succeeded.
	 * @param command the command
	 * @return its output, trimmed, or empty when it failed
	 */
	static Optional<String> output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) ? Optional.of(output)
					: Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
