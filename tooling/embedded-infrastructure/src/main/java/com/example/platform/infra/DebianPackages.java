package com.example.platform.infra;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.sun.security.auth.module.UnixSystem;

/**
 * Installs Debian packages with {@code apt-get} when running as root, as
 * {@code ./benchmark} does for wrk and nginx: what the tests need from the operating
 * system, so that a machine with nothing but a JDK runs them (the embedded servers need
 * nothing: their binaries are static). Concurrent JVMs (Maven forks, modules) take a file
 * lock around it; {@code apt-get update} runs at most once per JVM, and only when an
 * install fails without it (a fresh machine has no package lists).
 */
public final class DebianPackages {

	private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "platform-tests-apt.lock");

	private static final long TIMEOUT_MINUTES = 15;

	private static boolean updated;

	private DebianPackages() {
	}

	/**
	 * Why packages cannot be installed here.
	 * @return the reason, or null when they can
	 */
	public static String refusal() {
		if (!System.getProperty("os.name").equals("Linux") || new UnixSystem().getUid() != 0) {
			return "packages are installed only when running as root";
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "apt-get"))) {
				return null;
			}
		}
		return "no apt-get on this machine";
	}

	/**
	 * Runs the action while holding the lock every JVM of the build takes around its
	 * installs.
	 * @param <T> what the action returns
	 * @param action the installation
	 * @return what the action returned
	 */
	public static synchronized <T> T locked(Supplier<T> action) {
		try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = channel.lock()) {
			return action.get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + LOCK, ex);
		}
	}

	/**
	 * {@code apt-get install}; call it {@link #locked}.
	 * @param packages the packages
	 * @return null when installed, else what went wrong
	 */
	public static synchronized String install(List<String> packages) {
		List<String> arguments = new ArrayList<>(List.of("install", "-y", "--no-install-recommends"));
		arguments.addAll(packages);
		String failure = apt(arguments);
		if (failure != null && !updated) {
			// A fresh machine has no package lists, an old one may name files the
			// mirror no longer has.
			updated = true;
			failure = apt(List.of("update"));
			if (failure == null) {
				failure = apt(arguments);
			}
		}
		return failure;
	}

	private static String apt(List<String> arguments) {
		List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-o", "DPkg::Lock::Timeout=600"));
		command.addAll(arguments);
		return run(Path.of("/"), command);
	}

	/**
	 * Runs a command with its output in a temporary log.
	 * @param directory where it runs
	 * @param command the command
	 * @return null when it exited with 0, else what went wrong (with the log's last
	 * lines)
	 */
	public static String run(Path directory, List<String> command) {
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

}
