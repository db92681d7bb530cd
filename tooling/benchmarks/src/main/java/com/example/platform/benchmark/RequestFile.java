package com.example.platform.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The requests wrk sends, one per line, written again before each run: the lines carry
 * the users' tokens, which live 15 minutes and are renewed shortly before they expire,
 * while a scenario with its warm-up can run longer (a run whose requests carried expired
 * tokens measured 401 answers).
 *
 * @param file where the lines are written
 * @param lines the lines as of now
 */
record RequestFile(Path file, Supplier<List<String>> lines) {

	/**
	 * Writes the current lines.
	 * @return the file, for one run
	 */
	Path current() {
		try {
			return Files.write(this.file, this.lines.get());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
