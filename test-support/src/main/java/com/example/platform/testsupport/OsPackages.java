package com.example.platform.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import org.opentest4j.TestAbortedException;

/**
 * The commands from the operating system that tests start, and how a test gets them:
 * {@link #require} installs a missing one with {@code apt-get} when the test runs as root
 * (as {@code ./benchmark} does for wrk and nginx), so {@code ./mvnw verify} needs nothing
 * but a JDK; otherwise the test is skipped with a line on stderr naming the Debian
 * package, never failed and never skipped silently. What was installed or skipped is
 * summarised at the end of each test JVM ({@link OsPackagesSummary}).
 * <p>
 * Concurrent test JVMs (Maven forks, modules) take a file lock around apt-get, which
 * itself refuses to run twice; {@code apt-get update} runs at most once per JVM, and only
 * when the install fails without it (a fresh machine has no package lists).
 */
public final class OsPackages {

	/**
	 * The Debian package (bookworm) that brings each command a test may start. A command
	 * missing here cannot be required: {@code ShelledOutCommandsTests} checks that every
	 * command a test starts is here, in {@link #NOT_INSTALLABLE} or always present.
	 */
	public static final Map<String, String> PACKAGES = Map.of("curl", "curl", "psql", "postgresql-client", "promtool",
			"prometheus", "prometheus", "prometheus", "docker-compose", "docker-compose", "openssl", "openssl", "git",
			"git");

	/** Commands no Debian package brings in a usable version, with what to do instead. */
	public static final Map<String, String> NOT_INSTALLABLE = Map.of("kubectl",
			"kubectl with kustomize v5 or newer is not in Debian bookworm (its kubernetes-client 1.20 embeds "
					+ "kustomize v2, too old for k8s/): install kubectl from Kubernetes' own packages");

	/**
	 * Commands every Debian system has (its Essential packages) and that the tests may
	 * start without asking.
	 */
	public static final Set<String> ALWAYS_PRESENT = Set.of("bash", "sh", "cat", "cut", "echo", "grep", "head", "mkdir",
			"printf", "rm", "sed", "seq", "sleep", "tail", "tr", "base64", "date", "mktemp", "mv", "test", "true",
			"false", "tee", "wc", "sort", "awk");

	private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "platform-tests-apt.lock");

	private static final long APT_TIMEOUT_MINUTES = 15;

	/** Per package: installed, or why not. */
	private static final Map<String, String> outcomes = new TreeMap<>();

	/** Per missing command that cannot be installed: why. */
	private static final Map<String, String> skipped = new TreeMap<>();

	private static boolean updated;

	private OsPackages() {
	}

	/**
	 * Makes sure the commands are on the {@code PATH}, installing their Debian packages
	 * when running as root.
	 * @param commands commands from {@link #PACKAGES} or {@link #NOT_INSTALLABLE}
	 * @throws TestAbortedException when one is missing and cannot be installed: the test
	 * is skipped (a JUnit assumption failure)
	 */
	public static synchronized void require(String... commands) {
		Set<String> packages = new LinkedHashSet<>();
		for (String command : commands) {
			if (!PACKAGES.containsKey(command) && !NOT_INSTALLABLE.containsKey(command)) {
				throw new IllegalArgumentException(
						"No Debian package is declared for '" + command + "': add it to OsPackages.PACKAGES");
			}
			if (!isInstalled(command)) {
				if (NOT_INSTALLABLE.containsKey(command)) {
					throw skip(command, NOT_INSTALLABLE.get(command));
				}
				packages.add(PACKAGES.get(command));
			}
		}
		if (!packages.isEmpty()) {
			install(List.copyOf(packages));
		}
		for (String command : commands) {
			if (!isInstalled(command)) {
				String pkg = PACKAGES.get(command);
				throw skip(command, "Debian package " + pkg + " could not be installed (" + outcomes.get(pkg)
						+ "); install it with: apt-get install --no-install-recommends " + pkg);
			}
		}
	}

	/**
	 * Whether an executable of that name is on the {@code PATH}.
	 * @param command the command
	 * @return whether it can be started
	 */
	public static boolean isInstalled(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What this JVM installed or skipped, one line each, for the build output.
	 * @return the lines, empty when no test needed anything
	 */
	public static synchronized List<String> summary() {
		List<String> lines = new ArrayList<>();
		outcomes.forEach((pkg, outcome) -> lines.add(pkg + ": " + outcome));
		skipped.forEach((command, why) -> lines.add(command + ": SKIPPED the tests that need it: " + why));
		return lines;
	}

	private static TestAbortedException skip(String command, String why) {
		skipped.putIfAbsent(command, why);
		String message = "SKIPPED: this test needs " + command + ". " + why;
		System.err.println("WARNING: " + message);
		return new TestAbortedException(message);
	}

	private static void install(List<String> packages) {
		List<String> wanted = packages.stream().filter((pkg) -> !outcomes.containsKey(pkg)).toList();
		if (wanted.isEmpty()) {
			return;
		}
		String refusal = refusal();
		if (refusal != null) {
			wanted.forEach((pkg) -> outcomes.put(pkg, "not installed: " + refusal));
			return;
		}
		try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = channel.lock()) {
			// Another test JVM may have installed them while this one waited for the
			// lock.
			List<String> missing = wanted.stream()
				.filter((pkg) -> PACKAGES.entrySet()
					.stream()
					.anyMatch((entry) -> entry.getValue().equals(pkg) && !isInstalled(entry.getKey())))
				.toList();
			if (missing.isEmpty()) {
				wanted.forEach((pkg) -> outcomes.put(pkg, "installed by another test JVM"));
				return;
			}
			System.err.println("Installing Debian packages " + missing + " for the tests (apt-get, as root)...");
			long start = System.nanoTime();
			String failure = aptGetInstall(missing);
			if (failure != null && !updated) {
				// A fresh machine has no package lists, an old one may name files the
				// mirror no longer has.
				updated = true;
				failure = apt(List.of("update"));
				if (failure == null) {
					failure = aptGetInstall(missing);
				}
			}
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			String outcome = (failure != null) ? "not installed: " + failure
					: "installed with apt-get in " + seconds + " s";
			System.err.println("Debian packages " + missing + ": " + outcome);
			wanted
				.forEach((pkg) -> outcomes.put(pkg, missing.contains(pkg) ? outcome : "installed by another test JVM"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + LOCK, ex);
		}
	}

	/** Why apt-get cannot be used here, or null when it can. */
	private static String refusal() {
		if (!System.getProperty("os.name").equals("Linux") || new UnixSystem().getUid() != 0) {
			return "the tests install packages only when they run as root";
		}
		if (!isInstalled("apt-get")) {
			return "no apt-get on this machine";
		}
		return null;
	}

	private static String aptGetInstall(List<String> packages) {
		List<String> arguments = new ArrayList<>(List.of("install", "-y", "--no-install-recommends"));
		arguments.addAll(packages);
		return apt(arguments);
	}

	/** Runs apt-get; returns null on success, else what went wrong. */
	private static String apt(List<String> arguments) {
		List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-o", "DPkg::Lock::Timeout=600"));
		command.addAll(arguments);
		try {
			Path log = Files.createTempFile("apt-get", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
			Process process = builder.start();
			if (!process.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return String.join(" ", command) + " did not finish within " + APT_TIMEOUT_MINUTES + " minutes";
			}
			if (process.exitValue() != 0) {
				List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
				return String.join(" ", command) + " exited with " + process.exitValue() + ": "
						+ String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
			}
			Files.delete(log);
			return null;
		}
		catch (IOException ex) {
			return String.join(" ", command) + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
