package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A short-lived JVM of the launcher's, with its output appended to a log file. */
final class JvmRun {

	private JvmRun() {
	}

	/**
	 * Runs a command to its end.
	 * @param command the command line
	 * @param environment variables on top of the launcher's own
	 * @param log where its output goes
	 * @param timeout how long it may take before it is killed
	 * @return whether it exited with 0 in time
	 */
	static boolean succeeds(List<String> command, Map<String, String> environment, Path log, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command.getFirst(), ex);
		}
		try {
			if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return process.exitValue() == 0;
			}
			kill(process);
			process.waitFor(10, TimeUnit.SECONDS);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill(process);
			return false;
		}
	}

	/** With its children: a training JVM writes the cache from a JVM of its own. */
	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

}
