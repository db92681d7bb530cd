package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root, found from the working directory, and its files: for the launcher
 * and for the test modules that check files of the repository.
 */
public final class Repository {

	private static final Path ROOT = find();

	private Repository() {
	}

	/**
	 * The repository root.
	 * @return the root directory
	 */
	public static Path root() {
		return ROOT;
	}

	/**
	 * A path inside the repository.
	 * @param relative a path relative to the root
	 * @return the path
	 */
	public static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	/**
	 * A file of the repository as text.
	 * @param relative a path relative to the root
	 * @return its content
	 */
	public static String read(String relative) {
		try {
			return Files.readString(path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path find() {
		Path candidate = Path.of("").toAbsolutePath();
		while (candidate != null) {
			if (Files.exists(candidate.resolve("mvnw")) && Files.exists(candidate.resolve("discovery/pom.xml"))) {
				return candidate;
			}
			candidate = candidate.getParent();
		}
		throw new IllegalStateException("Run from inside the repository, or pass --repository=<path>");
	}

}
