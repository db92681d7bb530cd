package com.example.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Deleting directories with what they hold. */
final class FileTrees {

	private FileTrees() {
	}

	/**
	 * Deletes a file or a directory tree; nothing when it does not exist.
	 * @param root the file or directory
	 * @throws IOException if something cannot be deleted
	 */
	static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (var paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
