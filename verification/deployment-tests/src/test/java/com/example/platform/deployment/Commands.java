package com.example.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the offline tools the checks rely on ({@code docker-compose}, {@code kubectl},
 * {@code git}, {@code openssl}); each caller first makes sure its tool is there with
 * {@code OsPackages.require}, which installs it or skips the test.
 */
final class Commands {

	private Commands() {
	}

	record Result(int exitCode, String stdout, String stderr) {

		Result orFail(List<String> command) {
			if (this.exitCode != 0) {
				throw new AssertionError(
						String.join(" ", command) + " failed (" + this.exitCode + "):\n" + this.stderr + this.stdout);
			}
			return this;
		}

	}

	static Result run(Path directory, List<String> command) {
		try {
			Path out = Files.createTempFile("command", ".out");
			Path err = Files.createTempFile("command", ".err");
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
			}
			Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
			Files.delete(out);
			Files.delete(err);
			return result;
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
