package com.example.platform.local;

import com.example.platform.infra.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarFile;

/**
 * Each application's jar as it was when the platform first launched it, copied into the
 * work directory: classes load lazily from the jar, so a build that rewrites
 * {@code target/} while the platform runs would break running instances, and a restarted
 * instance would run other code than its peers.
 */
final class JarSnapshots {

	private final Function<String, Path> built;

	private final Path directory;

	private final Await await;

	private final Map<String, Path> copies = new HashMap<>();

	/**
	 * Snapshots taken on first use.
	 * @param built where the build puts a module's jar
	 * @param directory where the copies go
	 * @param await how long a copy may take to come out whole
	 */
	JarSnapshots(Function<String, Path> built, Path directory, Await await) {
		this.built = built;
		this.directory = directory;
		this.await = await;
	}

	/**
	 * The copy of a module's jar, made on first use.
	 * @param module the application's module
	 * @return the copy; the built jar itself when there is none, for the launch to report
	 */
	synchronized Path of(String module) {
		Path jar = this.built.apply(module);
		if (!Files.isRegularFile(jar)) {
			return jar;
		}
		return this.copies.computeIfAbsent(module, (name) -> {
			Path copy = this.directory.resolve(name + ".jar");
			// A build may be rewriting the jar right now: copy again until the copy is
			// whole.
			this.await.until("a complete copy of " + jar, () -> copied(jar, copy));
			return copy;
		});
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * Deletes the copies.
	 * @throws IOException if one cannot be deleted
	 */
	void delete() throws IOException {
		FileTrees.delete(this.directory);
	}

	private static boolean copied(Path jar, Path copy) {
		try {
			Files.createDirectories(copy.getParent());
			Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
			try (JarFile complete = new JarFile(copy.toFile())) {
				return complete.getManifest() != null;
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

}
