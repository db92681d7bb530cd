package com.example.platform.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One build of an application, extracted, with its AOT cache beside it. The directory is
 * named after the fat jar's content and the JDK, so a rebuild or another JDK gets a
 * directory of its own: the JVM rejects a cache once any jar on the class path has
 * another path or modification time than at training, so extracted files are never
 * rewritten in place.
 *
 * @param application the application's module, e.g. {@code discovery}
 * @param directory the extracted application, absolute
 */
record AotCacheLocation(String application, Path directory) {

	private static final int DIGEST_PREFIX = 12;

	AotCacheLocation {
		directory = directory.toAbsolutePath();
	}

	/**
	 * Where a fat jar's extraction belongs.
	 * @param root the directory of every application's caches
	 * @param application the application's module
	 * @param fatJar the executable jar as built
	 * @param javaVersion the version of the JDK the applications run on
	 * @return the location, not necessarily extracted yet
	 * @throws IOException if the jar cannot be read
	 */
	static AotCacheLocation of(Path root, String application, Path fatJar, String javaVersion) throws IOException {
		return new AotCacheLocation(application,
				root.resolve(directoryName(application, sha256(fatJar).substring(0, DIGEST_PREFIX), javaVersion)));
	}

	static String directoryName(String application, String digestPrefix, String javaVersion) {
		return application + "-" + digestPrefix + "-jdk" + javaVersion.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	/**
	 * Whether a directory holds another build of the same application.
	 * @param name a directory name
	 * @return {@code true} for this application's directories only, not for e.g.
	 * {@code user-service}'s when this is {@code user}
	 */
	boolean isBuildOfSameApplication(String name) {
		return name.matches(Pattern.quote(this.application) + "-[0-9a-f]{" + DIGEST_PREFIX + "}-jdk.+");
	}

	/**
	 * The application's own jar, with its libraries in {@code lib/} on its manifest class
	 * path.
	 */
	Path jar() {
		return this.directory.resolve(this.application + ".jar");
	}

	Path cache() {
		return this.directory.resolve(this.application + ".aot");
	}

	/**
	 * The options an application JVM starts with to use the cache.
	 * @param jvmOptions the options the cache was trained with
	 * @return those plus the cache
	 */
	List<String> launchOptions(List<String> jvmOptions) {
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-XX:AOTCache=" + cache());
		return options;
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
