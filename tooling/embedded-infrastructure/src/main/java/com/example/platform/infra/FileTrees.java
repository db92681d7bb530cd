package com.example.platform.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directory trees the platform's tooling creates and removes again (servers' data, work
 * directories, unpacked downloads): the one place that deletes them.
 */
public final class FileTrees {

	private FileTrees() {
	}

	/**
	 * Deletes a file or a directory tree; nothing when it does not exist.
	 * @param root the file or directory
	 * @throws IOException if something cannot be deleted
	 */
	public static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
